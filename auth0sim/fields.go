package auth0sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// fieldSelection is the Management API's fields/include_fields query: the listed fields only
// (include_fields=true, the default), or every field but those (include_fields=false). A
// client read that leaves out client_secret is no secret read, and Auth0 does not log it as
// one: tools that do not need the secret ask for it to be left out.
type fieldSelection struct {
	fields  []string
	include bool
}

func fieldsOf(r *http.Request) (fieldSelection, *apiError) {
	q := r.URL.Query()
	sel := fieldSelection{include: true}
	if f := q.Get("fields"); f != "" {
		sel.fields = strings.Split(f, ",")
	}
	switch q.Get("include_fields") {
	case "", "true":
	case "false":
		sel.include = false
	default:
		return sel, errBadRequest("Query validation error: 'include_fields' must be a boolean, got \""+q.Get("include_fields")+"\".", "invalid_query_string")
	}
	return sel, nil
}

// keeps reports whether field is in the answer.
func (f fieldSelection) keeps(field string) bool {
	if len(f.fields) == 0 {
		return true
	}
	return slices.Contains(f.fields, field) == f.include
}

// view returns v with only the selected top-level fields.
func (f fieldSelection) view(v any) any {
	if len(f.fields) == 0 {
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("auth0sim: marshal view: " + err.Error()) // views are plain JSON values
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic("auth0sim: view is not an object: " + err.Error())
	}
	for k := range m {
		if !f.keeps(k) {
			delete(m, k)
		}
	}
	return m
}
