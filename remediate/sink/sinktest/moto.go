// Package sinktest runs the stores the secret sinks are tested against: moto_server (the real
// AWS Secrets Manager API, from Python's moto) on loopback, fakes of the Vault KV v2 and
// Kubernetes Secrets HTTP APIs, and a proxy that injects faults into any of them.
package sinktest

import (
	_ "embed"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// MotoEnv is the variable naming a moto_server already running (.ci/setup-moto.sh exports
// it); without it a test binary starts its own.
const MotoEnv = "AUTH0AUDIT_MOTO_URL"

// MotoScript runs moto_server until its standard input closes (see the file).
//
//go:embed moto_until_eof.py
var MotoScript string

// motoOnce starts one moto_server per test binary: it takes from 1 s (idle machine) to 30 s
// (loaded) to start, too long to start per test. It stops when the test binary exits (the
// pipe on its standard input closes). Tests share it by using their own secret names.
var motoOnce struct {
	sync.Once
	url string
	err error
	// missing is set when moto is not installed (a skip outside CI).
	missing bool
}

// Moto returns the endpoint of a moto_server on loopback. Under CI a missing moto fails the
// test; elsewhere it skips loudly (the aws-sm store is then not tested against a server).
func Moto(t testing.TB) string {
	t.Helper()
	if u := os.Getenv(MotoEnv); u != "" {
		return u
	}
	motoOnce.Do(func() {
		if err := exec.Command("python3", "-c", "import moto.server").Run(); err != nil {
			motoOnce.missing = true
			motoOnce.err = fmt.Errorf("moto is not installed (python3 -c 'import moto.server': %v); install it with pip install 'moto[server]'", err)
			return
		}
		motoOnce.url, motoOnce.err = startMoto()
	})
	if motoOnce.err != nil {
		if motoOnce.missing && os.Getenv("CI") == "" {
			fmt.Fprintf(os.Stderr, "\n*** SKIPPING %s: %v: the aws-sm store is NOT tested against a real server ***\n\n", t.Name(), motoOnce.err)
			t.Skipf("LOUD SKIP: %v", motoOnce.err)
		}
		t.Fatalf("moto_server: %v", motoOnce.err)
	}
	return motoOnce.url
}

// StartMotoTimeout bounds moto_server's start (it took 30 s on a loaded 2-core machine).
const StartMotoTimeout = 3 * time.Minute

func startMoto() (string, error) {
	var lastErr error
	for try := 0; try < 3; try++ {
		port, err := freePort()
		if err != nil {
			return "", err
		}
		logf, err := os.CreateTemp("", "moto-*.log")
		if err != nil {
			return "", err
		}
		cmd := exec.Command("python3", "-c", MotoScript, strconv.Itoa(port))
		cmd.Stdout, cmd.Stderr = logf, logf
		stdin, err := cmd.StdinPipe() // never closed: it closes when this process ends
		if err != nil {
			return "", err
		}
		if err := cmd.Start(); err != nil {
			return "", err
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		url := "http://127.0.0.1:" + strconv.Itoa(port)
		if err := waitReady(url, exited); err != nil {
			stdin.Close()
			b, _ := os.ReadFile(logf.Name())
			lastErr = fmt.Errorf("%v; its log (%s):\n%s", err, filepath.Base(logf.Name()), tail(b))
			continue
		}
		_ = stdin // kept open for the process's life
		return url, nil
	}
	return "", lastErr
}

func waitReady(url string, exited chan struct{}) error {
	deadline := time.Now().Add(StartMotoTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("moto_server exited while starting")
		default:
		}
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("moto_server did not answer on %s within %s", url, StartMotoTimeout)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// AWSEnv points the standard AWS chain at endpoint with test credentials and region, and
// away from the user's own AWS files and the instance metadata service.
func AWSEnv(t testing.TB, endpoint string) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
		"AWS_SESSION_TOKEN": "", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL_SECRETS_MANAGER": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
	} {
		t.Setenv(k, v)
	}
}
