package sqlgen

import (
	"fmt"
	"strings"
	"time"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// text is a JSON value read as the Go classifier reads it with gjson's String: a string's
// value, ” for null or a missing value, any other value's JSON text.
func (r *renderer) text(x string) string {
	d := r.d
	return fmt.Sprintf("coalesce(CASE WHEN %s THEN %s WHEN %s THEN '' ELSE %s END, '')",
		d.is(x, "string"), d.str(x), d.is(x, "null"), d.jsonText(x))
}

// strOrNull is a JSON string's value, NULL for anything else.
func (r *renderer) strOrNull(x string) string {
	return fmt.Sprintf("CASE WHEN %s THEN %s END", r.d.is(x, "string"), r.d.str(x))
}

// typeList is the relevant event types as an SQL list, for a Handling or all when h is 0.
func (r *renderer) typeList(h rules.Handling) string {
	var names []string
	for _, t := range rules.EventTypes {
		if h == 0 || t.Handling == h {
			names = append(names, r.lit(t.Name))
		}
	}
	return "(" + strings.Join(names, ", ") + ")"
}

func (r *renderer) typeOf(h rules.Handling) string {
	for _, t := range rules.EventTypes {
		if t.Handling == h {
			return r.lit(t.Name)
		}
	}
	panic("no event type handled so")
}

// fields reads the fields the rules use from each event of a relevant type.
func (r *renderer) fields() {
	d := r.d
	item, m := d.gets("e", "g", [][]string{{"type"}, {"log_id"}, {"date"}, {"client_id"}, {"client_name"}, {"user_id"},
		{"auth0_client", "name"}, {"details", "request"}, {"details", "response", "statusCode"}, {"details", "accessedSecrets"}})
	own := r.text(m[1])
	r.cte("fields", "The fields the rules read, from events of a relevant type. log_id falls back to the\n"+
		"innermost envelope's when the event has none.",
		fmt.Sprintf(`SELECT * FROM (
    SELECT part, ord, sub, bat,
      %s AS typ,
      CASE WHEN %s <> '' THEN %s ELSE coalesce(env, '') END AS log_id,
      %s AS dt,
      %s AS client_id,
      %s AS client_name,
      %s AS user_id,
      %s AS sdk,
      %s AS req,
      %s AS status_raw,
      %s AS acc
    FROM (%s) AS w) AS x
  WHERE typ IN %s`,
			r.strOrNull(m[0]), own, own, m[2], r.text(m[3]), r.text(m[4]), r.text(m[5]), r.text(m[6]),
			m[7], m[8], m[9], withItem("SELECT * FROM events", item), r.typeList(0)))
}

// dates reads each event's date into t_ns, nanoseconds since 1970 (NULL for no date), as
// rules.ParseDateString and rules.DateFromMillis do.
func (r *renderer) dates() {
	d := r.d
	ds := "ds"
	num := func(pos string, n int) string { return d.intOf(d.substr(ds, pos, fmt.Sprint(n))) }
	lenDS := d.length(ds)
	offset := fmt.Sprintf("CASE WHEN %s THEN 0 ELSE (CASE WHEN %s = '-' THEN -1 ELSE 1 END) * (%s * 3600 + %s * 60) END",
		d.endsWith(ds, "'Z'"), d.substr(ds, lenDS+" - 5", "1"), num(lenDS+" - 4", 2), num(lenDS+" - 1", 2))
	inRange := fmt.Sprintf("(%s OR (%s <= 23 AND %s <= 59))", d.endsWith(ds, "'Z'"), num(lenDS+" - 4", 2), num(lenDS+" - 1", 2))
	frac := d.big(d.rpad(d.substr(d.regexGroup(ds, `\.([0-9]+)`), "1", "9"), 9, "0"))
	fromString := fmt.Sprintf(`CASE WHEN %s AND %s <= 23 AND %s <= 59 AND %s <= 59 AND %s
        THEN (%s * 86400 + %s * 3600 + %s * 60 + %s - %s) * 1000000000 + %s END`,
		d.regexContains(ds, rules.DateLayout), num("12", 2), num("15", 2), num("18", 2), inRange,
		d.big(d.days(d.substr(ds, "1", "10"))), num("12", 2), num("15", 2), num("18", 2), offset, frac)
	ms := d.truncMillis("dt")
	fromNumber := fmt.Sprintf("CASE WHEN %s BETWEEN %d AND %d THEN %s * 1000000 END", ms, rules.MinEpochMillis, rules.MaxEpochMillis, d.big(ms))
	lo := d.big(fmt.Sprintf("%d", rules.MinEpochMillis)) + " * 1000000"
	hi := d.big(fmt.Sprintf("%d", rules.MaxEpochMillis)) + " * 1000000 + 999999"
	zero := d.big(fmt.Sprintf("%d", time.Time{}.Unix())) + " * 1000000000"
	r.sharedCTE("timed", "Each event's date in nanoseconds since 1970 (t_ns): RFC 3339 as Auth0 writes it, or epoch\n"+
		"milliseconds; NULL when it is neither, out of the years 0000-9999, or Go's zero time.",
		fmt.Sprintf(`SELECT *, CASE WHEN t0 BETWEEN %s AND %s AND t0 <> %s THEN t0 END AS t_ns
  FROM (
    SELECT *, CASE
        WHEN ds IS NOT NULL THEN %s
        WHEN %s THEN %s END AS t0
    FROM (SELECT *, %s AS ds FROM fields) AS x) AS y`,
			lo, hi, zero, fromString, d.is("dt", "number"), fromNumber, r.strOrNull("dt")))
}

// segment is the i-th path segment after the prefix, decoded.
func segCol(i int) string { return fmt.Sprintf("s%d", i) }

// calls reads method and path of the calls (sapi, fapi) and tells which call each is.
func (r *renderer) calls() {
	d := r.d
	maxSegs := rules.MaxSegments()
	var raw, dec []string
	for i := range maxSegs {
		raw = append(raw, fmt.Sprintf("%s AS r%d", d.at("segs", fmt.Sprintf("%d + k", i)), i))
		x := fmt.Sprintf("r%d", i)
		// A segment that is not valid percent-encoding, or that decodes to bytes that are not
		// UTF-8, is kept as written.
		dec = append(dec, fmt.Sprintf("CASE WHEN NOT %s THEN %s WHEN %s THEN coalesce(%s, %s) ELSE %s END AS %s",
			d.contains(x, "'%'"), x, d.regexFull(x, `([^%]|%[0-9A-Fa-f]{2})*`), d.urlDecode(x), x, x, segCol(i)))
	}
	var kinds []string
	lengths := map[int]bool{}
	for _, c := range rules.Calls {
		conds := []string{"method = " + r.lit(c.Method), fmt.Sprintf("n = %d", len(c.Path))}
		for i, s := range c.Path {
			if s == rules.AnySegment {
				conds = append(conds, segCol(i)+" <> ''")
			} else {
				conds = append(conds, segCol(i)+" = "+r.lit(s))
			}
		}
		kinds = append(kinds, fmt.Sprintf("WHEN %s THEN %s", strings.Join(conds, " AND "), r.lit(callName(c.Kind))))
		lengths[len(c.Path)] = true
	}
	var paths []string
	for n := 1; n <= maxSegs; n++ {
		if !lengths[n] {
			continue
		}
		parts := []string{r.lit("/" + rules.APIPrefix + "/")}
		for i := range n {
			if i > 0 {
				parts = append(parts, "'/'")
			}
			parts = append(parts, segCol(i))
		}
		paths = append(paths, fmt.Sprintf("WHEN %d THEN %s", n, strings.Join(parts, " || ")))
	}
	ritem, rm := d.gets("req", "rg", [][]string{{"method"}, {"path"}, {"body"}, {"auth"}})
	p1 := "p"
	for _, c := range rules.PathCut {
		p1 = d.beforeFirst(p1, string(c))
	}
	r.cte("calls", "Management API calls (sapi, fapi): the method in upper case and the path read as the rules\n"+
		"say (cut at ? or #, one leading and one trailing slash dropped, split on /, without the /api\n"+
		"prefix, each segment percent-decoded on its own); call is the shape it matches, if any.",
		fmt.Sprintf(`SELECT *, CASE %s END AS call_kind,
      CASE n %s END AS path
  FROM (
    SELECT *, %s
    FROM (
      SELECT *, %s,
        n0 - k AS n
      FROM (
        SELECT *, CASE WHEN n0 > 0 AND %s = %s THEN 1 ELSE 0 END AS k
        FROM (
          SELECT *, coalesce(%s, 0) AS n0
          FROM (
            SELECT *, CASE WHEN p3 = '' THEN NULL ELSE %s END AS segs
            FROM (
              SELECT *, CASE WHEN %s THEN %s ELSE p2 END AS p3
              FROM (
                SELECT *, CASE WHEN %s THEN %s ELSE p1 END AS p2
                FROM (
                  SELECT *, %s AS p1
                  FROM (
                    SELECT *, %s AS method, coalesce(%s, '') AS p, %s AS body, %s AS auth
                    FROM (%s) AS cg) AS c0) AS c1) AS c2) AS c3) AS c4) AS c5) AS c6) AS c7) AS c8`,
			strings.Join(kinds, " "), strings.Join(paths, " "),
			strings.Join(dec, ",\n      "),
			strings.Join(raw, ", "),
			d.at("segs", "0"), r.lit(rules.APIPrefix),
			d.arrayLen("segs"),
			d.split("p3", "/"),
			d.endsWith("p2", "'/'"), d.substr("p2", "1", d.length("p2")+" - 1"),
			d.startsWith("p1", "'/'"), d.substrFrom("p1", 2),
			p1,
			d.upper(r.text(rm[0])), r.strOrNull(rm[1]), rm[2], rm[3],
			withItem("SELECT * FROM timed WHERE typ IN "+r.typeList(rules.HandleCall), ritem)))
}

func callName(k rules.CallKind) string {
	switch k {
	case rules.Link:
		return "link"
	case rules.Unlink:
		return "unlink"
	case rules.RotateSecret:
		return "rotate-secret"
	case rules.UpdateClient:
		return "update-client"
	}
	return ""
}

// whiteSpace is the class of characters Go's strings.Fields splits on (unicode.IsSpace).
const whiteSpace = `[\t\n\v\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]`

// scopeIn is true when the scopes (an array of strings or a string of scopes separated by
// white space) include one of list.
func (r *renderer) scopeIn(scopes string, list []string) string {
	d := r.d
	var quoted, alts []string
	for _, s := range list {
		quoted = append(quoted, r.lit(s))
		alts = append(alts, regexQuote(s))
	}
	re := `(\A|` + whiteSpace + `)(` + strings.Join(alts, "|") + `)(` + whiteSpace + `|\z)`
	return fmt.Sprintf("CASE WHEN %s THEN %s WHEN %s THEN %s ELSE false END",
		d.is(scopes, "array"), d.anyElem(scopes, func(e string) string {
			return d.is(e, "string") + " AND " + d.str(e) + " IN (" + strings.Join(quoted, ", ") + ")"
		}),
		d.is(scopes, "string"), d.regexContains(d.str(scopes), re))
}

func regexQuote(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, c) {
			b.WriteRune('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// facts sets the rules' facts of each link and unlink, and reads the body of client updates.
func (r *renderer) facts() {
	d := r.d
	anyScope := fmt.Sprintf("CASE WHEN %s THEN %s WHEN %s THEN %s ELSE false END",
		d.is("scopes", "array"), d.anyElem("scopes", func(e string) string {
			return d.is(e, "string") + " AND " + d.str(e) + " <> ''"
		}),
		d.is("scopes", "string"), d.regexContains(d.str("scopes"), `[^`+whiteSpace[1:]))
	authUser := fmt.Sprintf("CASE WHEN %s THEN %s WHEN %s THEN %s ELSE '' END",
		d.is("au", "string"), d.str("au"), d.is("au", "object"), r.text(d.get("au", "user_id")))
	body2 := fmt.Sprintf("CASE WHEN %s AND %s THEN %s ELSE body END", d.is("body", "string"), d.valid(d.str("body")), d.str("body"))
	aitem, am := d.gets("auth", "ag", [][]string{{"credentials", "scopes"}, {"user"}})
	r.sharedCTE("facts", "The evidence of each call (rules.Fact), its token kind (rules.TokenRules), and for client\n"+
		"updates the body's keys.",
		fmt.Sprintf(`SELECT *, %s AS token
  FROM (
    SELECT *,
      coalesce(%s, false) AS has_server_scope,
      coalesce(%s, false) AS has_user_scope,
      coalesce(%s, false) AS has_scopes,
      coalesce(auth_user <> '' AND auth_user = %s, false) AS acts_on_self,
      coalesce(sdk = %s, false) AS via_auth0js,
      coalesce(%s IS NOT NULL AND NOT %s, false) AS sends_link_with,
      coalesce(%s IS NOT NULL, false) AS has_secret,
      CASE WHEN %s THEN %s ELSE 0 END AS other_keys
    FROM (
      SELECT *, %s AS scopes, %s AS auth_user, %s AS body2
      FROM (SELECT *, %s AS au FROM (%s) AS fg) AS f0) AS f1) AS f2`,
			r.tokenCase(),
			r.scopeIn("scopes", rules.ServerScopes), r.scopeIn("scopes", rules.UserScopes), anyScope,
			segCol(rules.TargetSegment), r.lit(rules.Auth0jsClient),
			d.get("body2", rules.LinkWithKey), d.is(d.get("body2", rules.LinkWithKey), "null"),
			d.get("body2", rules.ClientSecretKey),
			d.is("body2", "object"), d.countKeysExcept("body2", rules.ClientSecretKey),
			am[0], authUser, body2, am[1], withItem("SELECT * FROM calls WHERE call_kind IS NOT NULL", aitem)))
}

// factColumn names the column holding a fact.
func factColumn(f rules.Fact) string {
	switch f {
	case rules.HasServerScope:
		return "has_server_scope"
	case rules.HasUserScope:
		return "has_user_scope"
	case rules.HasScopes:
		return "has_scopes"
	case rules.ActsOnSelf:
		return "acts_on_self"
	case rules.ViaAuth0js:
		return "via_auth0js"
	case rules.SendsLinkWith:
		return "sends_link_with"
	}
	panic(fmt.Sprintf("fact %d has no column", f))
}

func condSQL(when []rules.Cond) []string {
	var out []string
	for _, c := range when {
		if c.Want {
			out = append(out, factColumn(c.Fact))
		} else {
			out = append(out, "NOT "+factColumn(c.Fact))
		}
	}
	return out
}

func (r *renderer) tokenCase() string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, tr := range rules.TokenRules {
		conds := condSQL(tr.When)
		if len(conds) == 0 {
			fmt.Fprintf(&b, " ELSE %s END", r.lit(tr.Kind.Name()))
			return b.String()
		}
		fmt.Fprintf(&b, "\n      WHEN %s THEN %s", strings.Join(conds, " AND "), r.lit(tr.Kind.Name()))
	}
	b.WriteString(" END")
	return b.String()
}

// ruleCase writes a CASE over call rules, giving each rule's value.
func (r *renderer) ruleCase(table []rules.CallRule, value func(rules.CallRule) string) string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, cr := range table {
		conds := condSQL(cr.When)
		if len(cr.Kinds) > 0 {
			var ks []string
			for _, k := range cr.Kinds {
				ks = append(ks, r.lit(k.Name()))
			}
			conds = append([]string{"token IN (" + strings.Join(ks, ", ") + ")"}, conds...)
		}
		if len(conds) == 0 {
			fmt.Fprintf(&b, " ELSE %s END", value(cr))
			return b.String()
		}
		fmt.Fprintf(&b, "\n        WHEN %s THEN %s", strings.Join(conds, " AND "), value(cr))
	}
	b.WriteString(" END")
	return b.String()
}

// whyCase is the token kind's Why, by kind name.
func (r *renderer) whyCase() string {
	var b strings.Builder
	b.WriteString("CASE token")
	for _, k := range []rules.TokenKind{rules.TokenServer, rules.TokenUser, rules.TokenSuspectedID, rules.TokenOtherAccess} {
		fmt.Fprintf(&b, " WHEN %s THEN %s", r.lit(k.Name()), r.lit(k.Why()))
	}
	fmt.Fprintf(&b, " ELSE %s END", r.lit(rules.TokenUnknown.Why()))
	return b.String()
}

// found lists every classified event and every feccft candidate (kind 'exchange').
func (r *renderer) found() {
	d := r.d
	cols := "part, ord, sub, bat, kind, log_id, t_ns, client_id, client_name, user_id, use_case, method, path, status_code, reason, changes, changed_client"
	status := fmt.Sprintf("CASE WHEN %s THEN %s WHEN %s THEN %s WHEN %s AND %s = 'true' THEN 1 END",
		d.is("status_raw", "number"), d.truncInt(d.jsonText("status_raw")),
		d.is("status_raw", "string"), d.truncInt(d.str("status_raw")),
		d.is("status_raw", "boolean"), d.jsonText("status_raw"))
	secretRead := fmt.Sprintf("CASE WHEN %s THEN %s WHEN %s THEN %s IS NOT NULL WHEN %s THEN %s ELSE false END",
		d.is("acc", "array"), d.anyElem("acc", func(e string) string {
			return d.is(e, "string") + " AND " + d.str(e) + " = " + r.lit(rules.ClientSecretKey)
		}),
		d.is("acc", "object"), d.get("acc", rules.ClientSecretKey),
		d.is("acc", "string"), d.contains(d.str("acc"), r.lit(rules.ClientSecretKey)))

	linkCase := func(kind rules.CallKind, table []rules.CallRule) (string, string) {
		id := r.ruleCase(table, func(cr rules.CallRule) string { return r.lit(string(cr.UseCase)) })
		note := r.ruleCase(table, func(cr rules.CallRule) string { return r.lit(cr.Note) })
		return id, note
	}
	linkID, linkNote := linkCase(rules.Link, rules.LinkRules)
	unlinkID, unlinkNote := linkCase(rules.Unlink, rules.UnlinkRules)

	// Secret calls: SecretRules, first match wins.
	var sID, sWhat, sChanges, sCount []string
	for _, sr := range rules.SecretRules {
		cond := "call_kind = " + r.lit(callName(sr.Call))
		if sr.Call == rules.UpdateClient {
			cond += " AND has_secret"
		}
		if sr.MaxOtherKeys != rules.AnyKeys {
			cond += fmt.Sprintf(" AND other_keys <= %d", sr.MaxOtherKeys)
		}
		sID = append(sID, fmt.Sprintf("WHEN %s THEN %s", cond, r.lit(string(sr.UseCase))))
		sWhat = append(sWhat, fmt.Sprintf("WHEN %s THEN %s", cond, r.lit(sr.What)))
		sChanges = append(sChanges, fmt.Sprintf("WHEN %s THEN %t", cond, sr.ChangesSecret))
		sCount = append(sCount, fmt.Sprintf("WHEN %s THEN %t", cond, sr.CountsOtherKeys))
	}
	target := segCol(rules.TargetSegment)
	secretUseCase := "CASE " + strings.Join(sID, " ") + " END"

	r.cte("found", "Every classified event (kind 'finding') and every feccft that may be a stale use (kind\n"+
		"'exchange'): notices, secret reads, links and unlinks (rules.LinkRules, rules.UnlinkRules) and\n"+
		"calls on a client's secret (rules.SecretRules, filed under the client whose secret it is).",
		fmt.Sprintf(`SELECT %[1]s FROM (
    SELECT part, ord, sub, bat, 'finding' AS kind, log_id, t_ns, client_id, client_name, user_id,
      %[2]s AS use_case, CAST(NULL AS %[3]s) AS method, CAST(NULL AS %[3]s) AS path, 0 AS status_code,
      CAST(NULL AS %[3]s) AS reason, false AS changes, CAST(NULL AS %[3]s) AS changed_client
    FROM timed WHERE typ = %[4]s
    UNION ALL
    SELECT part, ord, sub, bat, 'finding', log_id, t_ns, client_id, client_name, user_id,
      %[5]s, NULL, NULL, 0, %[6]s, false, NULL
    FROM timed WHERE typ = %[7]s AND %[8]s
    UNION ALL
    SELECT part, ord, sub, bat, 'exchange', log_id, t_ns, client_id, client_name, user_id,
      %[9]s, NULL, NULL, 0, NULL, false, NULL
    FROM timed WHERE typ = %[10]s AND client_id <> '' AND t_ns IS NOT NULL
    UNION ALL
    SELECT part, ord, sub, bat, 'finding', log_id, t_ns, client_id, client_name, %[11]s,
      CASE WHEN call_kind = 'link' THEN %[12]s ELSE %[13]s END,
      method, path, %[14]s,
      (CASE WHEN call_kind = 'link' THEN %[15]s ELSE %[16]s END) || %[17]s,
      false, NULL
    FROM facts WHERE call_kind IN ('link', 'unlink')
    UNION ALL
    SELECT part, ord, sub, bat, 'finding', log_id, t_ns, %[11]s,
      CASE WHEN client_id <> %[11]s THEN '' ELSE client_name END, user_id,
      use_case, method, path, %[14]s,
      what || CASE WHEN client_id <> '' AND client_id <> %[11]s THEN %[18]s || client_id ELSE '' END
        || CASE WHEN counts THEN ' (' || CAST(other_keys AS %[3]s) || ' other fields)' ELSE '' END,
      changes AND typ = %[19]s AND t_ns IS NOT NULL, %[11]s
    FROM (
      SELECT *, %[20]s AS use_case, CASE %[21]s END AS what, CASE %[22]s END AS changes, CASE %[23]s END AS counts
      FROM facts WHERE call_kind IN ('rotate-secret', 'update-client')) AS s
    WHERE use_case IS NOT NULL
  ) AS u`,
			cols, r.lit(string(usecase.DeprecationNotice)), r.textType(), r.typeOf(rules.HandleNotice),
			r.lit(string(usecase.SecretRead)), r.lit(rules.SecretReadDetail), r.typeOf(rules.HandleSecretRead), secretRead,
			r.lit(string(usecase.SecretStaleUse)), r.typeOf(rules.HandleExchange),
			target, linkID, unlinkID, status, linkNote, unlinkNote, r.whyCase(),
			r.lit(rules.ByClient), r.successType(),
			secretUseCase, strings.Join(sWhat, " "), strings.Join(sChanges, " "), strings.Join(sCount, " ")))
}

// successType is the event type of successful calls (only those change a secret).
func (r *renderer) successType() string {
	for _, t := range rules.EventTypes {
		if t.Handling == rules.HandleCall && t.Success {
			return r.lit(t.Name)
		}
	}
	panic("no successful call type")
}

// dedupe keeps the first event of each log_id, as the Go scanner does.
func (r *renderer) dedupe() {
	order := "ord, sub, bat, t_ns, use_case, client_id"
	r.sharedCTE("kept", "One event per log_id (events without one are all kept): the first in input order when\n"+
		"the source gives an order, else the earliest.",
		fmt.Sprintf(`SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY part, log_id ORDER BY %s) AS nth FROM found) AS x
  WHERE nth = 1 OR log_id = ''`, order))
	r.sharedCTE("changes", "Each client's earliest secret change: a successful rotate-secret or custom-secret PATCH.",
		`SELECT part, client, at_ns, at_log FROM (
    SELECT part, changed_client AS client, t_ns AS at_ns, log_id AS at_log,
      row_number() OVER (PARTITION BY part, changed_client ORDER BY t_ns, ord, sub, bat) AS nth
    FROM kept WHERE changes) AS x
  WHERE nth = 1`)
}

// inputOrderCols are the columns that order findings as the Go scanner emits them (see
// Options.InputOrder), from the relation aliased by prefix: late is 1 for the findings it
// emits once everything is read (secret-stale-use).
func (r *renderer) inputOrderCols(prefix string, late int) string {
	if !r.opt.InputOrder {
		return ""
	}
	return fmt.Sprintf(", %sord, %ssub, %sbat, %d AS late", prefix, prefix, prefix, late)
}

// sampleLogIDs is how many log_ids a summary row samples: the smallest, as the Go report
// keeps them (report.MaxSamples; auth0 log_ids start with their date).
const sampleLogIDs = 3

// output writes the final SELECT.
func (r *renderer) output() {
	d := r.d
	parts := rules.StaleUseDetailParts
	r.cte("findings", "The findings: the classified events, and each feccft of a client dated strictly after its\n"+
		"earliest secret change (secret-stale-use).",
		fmt.Sprintf(`SELECT part, log_id, t_ns, client_id, client_name, user_id, use_case, method, path, status_code, reason%s
  FROM kept WHERE kind = 'finding'
  UNION ALL
  SELECT k.part, k.log_id, k.t_ns, k.client_id, k.client_name, k.user_id, %s, NULL, NULL, 0,
    %s || %s || %s || c.at_log || %s%s
  FROM kept AS k JOIN changes AS c ON k.part = c.part AND k.client_id = c.client AND k.t_ns > c.at_ns
  WHERE k.kind = 'exchange'`,
			r.inputOrderCols("", 0), r.lit(string(usecase.SecretStaleUse)), r.lit(parts[0]), d.secondsRFC3339("c.at_ns"),
			r.lit(parts[1]), r.lit(parts[2]), r.inputOrderCols("k.", 1)))

	var status, conf []string
	for _, id := range rules.LogUseCases() {
		uc, _ := usecase.Lookup(id)
		status = append(status, fmt.Sprintf("WHEN %s THEN %s", r.lit(string(id)), r.lit(string(uc.Status))))
		conf = append(conf, fmt.Sprintf("WHEN %s THEN %s", r.lit(string(id)), r.lit(string(rules.ConfidenceOf(id)))))
	}
	exact := ""
	if r.opt.ExactTime {
		exact = ",\n    t_ns AS date_ns"
	}
	partCol := ""
	if p := r.opt.Source.Partition; p != "" {
		partCol = "\n    part AS " + quoteIdent(p) + ","
	}
	rows := fmt.Sprintf(`SELECT%s
    nullif(log_id, '') AS log_id,
    %s AS date,
    nullif(client_id, '') AS client_id,
    nullif(client_name, '') AS client_name,
    nullif(user_id, '') AS user_id,
    use_case,
    CASE use_case %s END AS status,
    CASE use_case %s END AS confidence,
    method,
    path,
    nullif(status_code, 0) AS status_code,
    reason%s
  FROM findings`, partCol, d.timestampNS("t_ns"), strings.Join(status, " "), strings.Join(conf, " "), exact)
	if r.opt.Query == Findings {
		order := "t_ns, log_id, use_case"
		if r.opt.InputOrder {
			order = "late, ord, sub, bat"
		}
		if r.opt.Source.Partition != "" {
			order = "part, " + order
		}
		r.b.WriteString("\n" + strings.Replace(rows, "\n  FROM findings", "\nFROM findings", 1) + "\nORDER BY " + order + "\n")
		return
	}
	r.cte("finding_rows", "One row per finding.", rows)
	partGroup := ""
	if p := r.opt.Source.Partition; p != "" {
		partGroup = quoteIdent(p) + ", "
	}
	var rank []string
	for _, st := range []usecase.Status{usecase.Affected, usecase.Action, usecase.Review, usecase.Info, usecase.NotAffected, usecase.Compliant} {
		rank = append(rank, fmt.Sprintf("WHEN %s THEN %d", r.lit(string(st)), st.Rank()))
	}
	fmt.Fprintf(&r.b, `
SELECT %suse_case, status, confidence, client_id, max(client_name) AS client_name,
  count(*) AS events,
  count(CASE WHEN status_code >= 400 THEN 1 END) AS failed,
  min(date) AS first_seen,
  max(date) AS last_seen,
  %s AS sample_log_ids
FROM finding_rows
GROUP BY %suse_case, status, confidence, client_id
ORDER BY %sCASE status %s END, use_case, client_id
`, partGroup, d.firstN("log_id", "log_id", sampleLogIDs), partGroup, partGroup, strings.Join(rank, " "))
}

// quoteIdent quotes a column name for every dialect when it is not a plain identifier. Plain
// identifiers are left as they are, so a column named as the user typed it reads as expected.
func quoteIdent(s string) string {
	if plainKey(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
