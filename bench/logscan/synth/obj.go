// Package synth builds synthetic Auth0 log events in the real shape (field order, nulls,
// lower-case methods, percent-encoded paths, credentials and scopes in their several forms, as
// in the go-auth0 v1.45.0 recordings), for the sample logs in testdata/logs and the benchmark
// corpus. The events are made up; no real tenant data is in them.
package synth

import (
	"bytes"
	"encoding/json"
)

// Obj is a JSON object that keeps its keys in the order they were added, as Auth0 writes them
// (log_id and type come first; a sorted encoder would move type after details).
type Obj []KV

// KV is one member of an Obj.
type KV struct {
	K string
	V any
}

// Set replaces the value of k, or appends it.
func (o Obj) Set(k string, v any) Obj {
	for i := range o {
		if o[i].K == k {
			o[i].V = v
			return o
		}
	}
	return append(o, KV{k, v})
}

// Get returns the value of k.
func (o Obj) Get(k string) any {
	for _, kv := range o {
		if kv.K == k {
			return kv.V
		}
	}
	return nil
}

// MarshalJSON writes the members in order.
func (o Obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv.K)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(kv.V)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal encodes v without HTML escaping, as Auth0 does.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Marshal encodes an event on one line.
func Marshal(v any) []byte {
	b, err := marshal(v)
	if err != nil {
		panic(err) // only our own literal values are encoded
	}
	return b
}

// O builds an Obj from alternating keys and values (for callers outside this package, where
// vet wants keyed KV literals).
func O(kv ...any) Obj {
	o := make(Obj, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		o = append(o, KV{kv[i].(string), kv[i+1]})
	}
	return o
}
