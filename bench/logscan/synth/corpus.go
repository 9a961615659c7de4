package synth

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// CorpusMix is the make-up of the benchmark corpus, in events per thousand.
type CorpusMix struct {
	APINoise int // Management API calls that are not relevant (user creation, updates)
	Relevant int // events that produce a finding or are feccft candidates
}

// DefaultMix: ~2% relevant, ~6% other Management API traffic, the rest end-user logins.
var DefaultMix = CorpusMix{APINoise: 60, Relevant: 20}

// idPrefix is how every event line of the pool starts: `{"_id":"<56 digits>","log_id":"<56>"`.
const (
	idLen       = 56
	idStart     = len(`{"_id":"`)
	logIDStart  = idStart + idLen + len(`","log_id":"`)
	minLineSize = logIDStart + idLen
)

// WriteCorpus writes NDJSON events to w until at least size bytes are written, and returns
// the number of events. Lines are drawn from a pool of distinct events in the real shapes and
// each gets a fresh, unique log_id, so deduplication sees a realistic number of distinct ids.
func WriteCorpus(w io.Writer, size int64, mix CorpusMix, seed uint64) (int64, error) {
	noise, apiNoise, relevant := corpusPool(seed)
	rnd := rand.New(rand.NewPCG(seed, 7))
	bw := bufio.NewWriterSize(w, 1<<20)
	var written, n int64
	line := make([]byte, 0, 64<<10)
	for written < size {
		var src []byte
		switch k := rnd.IntN(1000); {
		case k < mix.Relevant:
			src = relevant[rnd.IntN(len(relevant))]
		case k < mix.Relevant+mix.APINoise:
			src = apiNoise[rnd.IntN(len(apiNoise))]
		default:
			src = noise[rnd.IntN(len(noise))]
		}
		n++
		line = append(line[:0], src...)
		id := fmt.Appendf(nil, "900%s%039d", "20261001000000"[:14], n)[:idLen]
		copy(line[idStart:], id)
		copy(line[logIDStart:], id)
		line = append(line, '\n')
		m, err := bw.Write(line)
		written += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}

// corpusPool builds the distinct events the corpus is drawn from.
func corpusPool(seed uint64) (noise, apiNoise, relevant [][]byte) {
	t := NewTenant("acme-bench.us.auth0.com", seed)
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	apps := []Client{WebApp, SPA, {"MobileApp000000000000000000007", "Acme iOS"}}
	for i := range 3000 {
		at := start.Add(time.Duration(i) * 97 * time.Second)
		noise = append(noise, line(t.Login(at, apps[i%len(apps)], i)))
		if i%10 == 0 {
			noise = append(noise, line(t.Exchange(at, Backend, false)))
		}
	}
	for i := range 300 {
		at := start.Add(time.Duration(i) * 211 * time.Second)
		user := fmt.Sprintf("auth0%%7C%024x", i)
		switch i % 3 {
		case 0:
			apiNoise = append(apiNoise, line(t.APICall(at, Backend, Call{Method: "post", Path: "/api/v2/users",
				Credentials: Scopes(ManagementScopes), Status: 201, Description: "Create a User",
				Body: Obj{{"connection", "Username-Password-Authentication"}, {"email", fmt.Sprintf("u%d@example.com", i)},
					{"password", "*****"}, {"email_verified", true}}})))
		case 1:
			apiNoise = append(apiNoise, line(t.APICall(at, Backend, Call{Method: "patch", Path: "/api/v2/users/" + user,
				Credentials: Scopes(ManagementScopes), Status: 200, Description: "Update a user",
				Body: Obj{{"app_metadata", Obj{{"plan", "pro"}}}}})))
		default:
			apiNoise = append(apiNoise, line(t.APICall(at, Backend, Call{Method: "post",
				Path: "/api/v2/organizations/org_Kd8VdNUd1DgRhnSk/members", Credentials: Obj{}, Status: 204,
				Body: Obj{{"members", []string{"auth0|" + user[8:]}}}})))
		}
	}
	for _, ev := range Sample() {
		switch ev.Get("type") {
		case "sapi", "fapi", "feccft", "depnote", "mgmt_api_read":
			relevant = append(relevant, line(ev))
		}
	}
	return noise, apiNoise, relevant
}

func line(ev Obj) []byte {
	b := Marshal(ev)
	if len(b) < minLineSize || !bytes.HasPrefix(b, []byte(`{"_id":"`)) {
		panic("synth: event does not start with _id and log_id")
	}
	return b
}
