package sink

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// The HTTP stores (Vault, Kubernetes) speak their small REST APIs with the standard library:
// a few endpoints each, so no SDK weighs on the build.

// httpTimeout bounds one request to a store.
const httpTimeout = 30 * time.Second

// storeResponseLimit bounds what is read of a store's answer.
const storeResponseLimit = 4 << 20

// tlsFiles are the TLS settings of a store's standard variables or configuration.
type tlsFiles struct {
	caFile, caDir     string
	caPEM             []byte
	certFile, keyFile string
	certPEM, keyPEM   []byte
	serverName        string
}

// newHTTPClient builds a client that verifies TLS with the given CAs and never follows a
// redirect (a redirect would carry the store's token to wherever it points).
func newHTTPClient(what string, tf tlsFiles) (*http.Client, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: tf.serverName}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	addPEM := func(name string, b []byte) error {
		if !pool.AppendCertsFromPEM(b) {
			return fmt.Errorf("%s: %s holds no PEM certificate", what, name)
		}
		cfg.RootCAs = pool
		return nil
	}
	if tf.caFile != "" {
		b, err := os.ReadFile(tf.caFile)
		if err != nil {
			return nil, fmt.Errorf("%s: CA certificate: %w", what, err)
		}
		if err := addPEM(tf.caFile, b); err != nil {
			return nil, err
		}
	}
	if tf.caDir != "" {
		entries, err := os.ReadDir(tf.caDir)
		if err != nil {
			return nil, fmt.Errorf("%s: CA directory: %w", what, err)
		}
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(tf.caDir, e.Name())); err == nil {
				pool.AppendCertsFromPEM(b)
			}
		}
		cfg.RootCAs = pool
	}
	if len(tf.caPEM) > 0 {
		if err := addPEM("the certificate-authority-data", tf.caPEM); err != nil {
			return nil, err
		}
	}
	certPEM, keyPEM := tf.certPEM, tf.keyPEM
	if tf.certFile != "" {
		if certPEM, err = os.ReadFile(tf.certFile); err != nil {
			return nil, fmt.Errorf("%s: client certificate: %w", what, err)
		}
	}
	if tf.keyFile != "" {
		if keyPEM, err = os.ReadFile(tf.keyFile); err != nil {
			return nil, fmt.Errorf("%s: client key: %w", what, err)
		}
	}
	if len(certPEM) > 0 || len(keyPEM) > 0 {
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("%s: client certificate and key: %w", what, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg
	tr.Proxy = http.ProxyFromEnvironment
	return &http.Client{Transport: tr, Timeout: httpTimeout, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		return fmt.Errorf("%s answered with a redirect to %s: not followed (it would carry the token there); point the "+
			"configuration at that address if it is right", what, r.URL.Redacted())
	}}, nil
}

// storeCall is one JSON request to a store.
type storeCall struct {
	method, url string
	body        any
	header      map[string]string
}

// do sends c and returns the status and body of the answer.
func doJSON(client *http.Client, c storeCall) (int, []byte, error) {
	var body io.Reader
	if c.body != nil {
		b, err := json.Marshal(c.body)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), httpTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, c.method, c.url, body)
	if err != nil {
		return 0, nil, err
	}
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err // a *url.Error quotes the URL, which holds no secret
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, storeResponseLimit))
	return resp.StatusCode, b, err
}
