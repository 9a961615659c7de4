package sink

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// kubeCluster is where and how to reach the API server.
type kubeCluster struct {
	server string
	client *http.Client
	// token is a static bearer token; tokenFile is read on every request (service-account
	// tokens are rotated on disk); exec runs a credential plugin.
	token, tokenFile string
	exec             *kubeExec
	source           string // for messages: which kubeconfig and context, or in-cluster

	mu          sync.Mutex
	execToken   string
	execExpires time.Time
}

func (c *kubeCluster) authHeader() (map[string]string, error) {
	tok := c.token
	switch {
	case c.tokenFile != "":
		b, err := os.ReadFile(c.tokenFile)
		if err != nil {
			return nil, fmt.Errorf("k8s: token file of %s: %w", c.source, err)
		}
		tok = strings.TrimSpace(string(b))
	case c.exec != nil:
		var err error
		if tok, err = c.execCredential(); err != nil {
			return nil, err
		}
	}
	if tok == "" {
		return nil, nil // client certificate
	}
	return map[string]string{"Authorization": "Bearer " + tok}, nil
}

// kubeconfig is the part of a kubeconfig file this store reads.
type kubeconfig struct {
	CurrentContext string `yaml:"current-context"`
	Contexts       []struct {
		Name    string `yaml:"name"`
		Context struct {
			Cluster string `yaml:"cluster"`
			User    string `yaml:"user"`
		} `yaml:"context"`
	} `yaml:"contexts"`
	Clusters []struct {
		Name    string          `yaml:"name"`
		Cluster kubeClusterConf `yaml:"cluster"`
	} `yaml:"clusters"`
	Users []struct {
		Name string   `yaml:"name"`
		User kubeUser `yaml:"user"`
	} `yaml:"users"`
}

type kubeClusterConf struct {
	Server                   string `yaml:"server"`
	CertificateAuthority     string `yaml:"certificate-authority"`
	CertificateAuthorityData string `yaml:"certificate-authority-data"`
	InsecureSkipTLSVerify    bool   `yaml:"insecure-skip-tls-verify"`
	TLSServerName            string `yaml:"tls-server-name"`
}

type kubeUser struct {
	Token                 string    `yaml:"token"`
	TokenFile             string    `yaml:"tokenFile"`
	ClientCertificate     string    `yaml:"client-certificate"`
	ClientCertificateData string    `yaml:"client-certificate-data"`
	ClientKey             string    `yaml:"client-key"`
	ClientKeyData         string    `yaml:"client-key-data"`
	Username              string    `yaml:"username"`
	AuthProvider          any       `yaml:"auth-provider"`
	Exec                  *kubeExec `yaml:"exec"`
}

type kubeExec struct {
	APIVersion string   `yaml:"apiVersion"`
	Command    string   `yaml:"command"`
	Args       []string `yaml:"args"`
	Env        []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	} `yaml:"env"`
	dir string // the kubeconfig's directory: a relative command is found from it
}

// loadKubeCluster finds the cluster as kubectl does: the kubeconfig files of KUBECONFIG
// (merged, the first to set a name wins), else ~/.kube/config, else the pod's service account.
func loadKubeCluster(getenv func(string) string) (*kubeCluster, error) {
	var files []string
	if kc := getenv("KUBECONFIG"); kc != "" {
		for _, f := range filepath.SplitList(kc) {
			if f != "" {
				files = append(files, f)
			}
		}
	} else if home, err := os.UserHomeDir(); err == nil {
		if _, err := os.Stat(filepath.Join(home, ".kube", "config")); err == nil {
			files = []string{filepath.Join(home, ".kube", "config")}
		}
	}
	if len(files) == 0 {
		return inCluster(getenv)
	}
	return fromKubeconfig(files)
}

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

func inCluster(getenv func(string) string) (*kubeCluster, error) {
	host, port := getenv("KUBERNETES_SERVICE_HOST"), getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return nil, errNoKubeConfig
	}
	if _, err := os.Stat(filepath.Join(serviceAccountDir, "token")); err != nil {
		return nil, fmt.Errorf("k8s: in a pod, but its service account token is not mounted: %w", err)
	}
	client, err := newHTTPClient("the Kubernetes API server", tlsFiles{caFile: filepath.Join(serviceAccountDir, "ca.crt")})
	if err != nil {
		return nil, err
	}
	return &kubeCluster{server: "https://" + net.JoinHostPort(host, port), client: client,
		tokenFile: filepath.Join(serviceAccountDir, "token"), source: "the pod's service account"}, nil
}

func fromKubeconfig(files []string) (*kubeCluster, error) {
	type located[T any] struct {
		v   T
		dir string
	}
	current := ""
	contexts := map[string]located[struct{ cluster, user string }]{}
	clusters := map[string]located[kubeClusterConf]{}
	users := map[string]located[kubeUser]{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue // kubectl ignores a missing file of KUBECONFIG
		}
		if err != nil {
			return nil, fmt.Errorf("k8s: kubeconfig: %w", err)
		}
		var kc kubeconfig
		if err := yaml.Unmarshal(b, &kc); err != nil {
			return nil, fmt.Errorf("k8s: kubeconfig %s: %v", f, err)
		}
		dir := filepath.Dir(f)
		if current == "" {
			current = kc.CurrentContext
		}
		for _, c := range kc.Contexts {
			if _, ok := contexts[c.Name]; !ok {
				contexts[c.Name] = located[struct{ cluster, user string }]{struct{ cluster, user string }{c.Context.Cluster, c.Context.User}, dir}
			}
		}
		for _, c := range kc.Clusters {
			if _, ok := clusters[c.Name]; !ok {
				clusters[c.Name] = located[kubeClusterConf]{c.Cluster, dir}
			}
		}
		for _, u := range kc.Users {
			if _, ok := users[u.Name]; !ok {
				users[u.Name] = located[kubeUser]{u.User, dir}
			}
		}
	}
	src := strings.Join(files, string(filepath.ListSeparator))
	if current == "" {
		return nil, fmt.Errorf("k8s: kubeconfig %s sets no current-context (kubectl config use-context NAME)", src)
	}
	ctx, ok := contexts[current]
	if !ok {
		return nil, fmt.Errorf("k8s: kubeconfig %s: context %q is not defined", src, current)
	}
	cl, ok := clusters[ctx.v.cluster]
	if !ok {
		return nil, fmt.Errorf("k8s: kubeconfig %s: cluster %q of context %q is not defined", src, ctx.v.cluster, current)
	}
	cluster := cl.v
	user := users[ctx.v.user]
	source := fmt.Sprintf("kubeconfig %s, context %s", src, current)
	if cluster.InsecureSkipTLSVerify {
		return nil, fmt.Errorf("k8s: %s: insecure-skip-tls-verify is set: the secret would go to whoever answers; give the "+
			"cluster's CA (certificate-authority) instead", source)
	}
	if err := CheckTransport("k8s: the server of "+source, cluster.Server); err != nil {
		return nil, err
	}
	if user.v.Username != "" || user.v.AuthProvider != nil {
		return nil, fmt.Errorf("k8s: %s: user %q logs in with a password or a legacy auth-provider, which this tool does not "+
			"support: use a token, a client certificate or an exec credential plugin", source, ctx.v.user)
	}
	abs := func(dir, p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	tf := tlsFiles{caFile: abs(cl.dir, cluster.CertificateAuthority), serverName: cluster.TLSServerName,
		certFile: abs(user.dir, user.v.ClientCertificate), keyFile: abs(user.dir, user.v.ClientKey)}
	var err error
	if tf.caPEM, err = decodeB64("certificate-authority-data", cluster.CertificateAuthorityData); err != nil {
		return nil, err
	}
	if tf.certPEM, err = decodeB64("client-certificate-data", user.v.ClientCertificateData); err != nil {
		return nil, err
	}
	if tf.keyPEM, err = decodeB64("client-key-data", user.v.ClientKeyData); err != nil {
		return nil, err
	}
	client, err := newHTTPClient("the Kubernetes API server of "+source, tf)
	if err != nil {
		return nil, err
	}
	c := &kubeCluster{server: strings.TrimRight(cluster.Server, "/"), client: client, token: user.v.Token,
		tokenFile: abs(user.dir, user.v.TokenFile), exec: user.v.Exec, source: source}
	if c.exec != nil {
		c.exec.dir = user.dir
	}
	return c, nil
}

func decodeB64(what, s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("k8s: kubeconfig %s is not base64", what)
	}
	return b, nil
}

// execCredential runs the kubeconfig's credential plugin (client.authentication.k8s.io) and
// returns its token, cached until it expires.
func (c *kubeCluster) execCredential() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.execToken != "" && (c.execExpires.IsZero() || time.Until(c.execExpires) > time.Minute) {
		return c.execToken, nil
	}
	e := c.exec
	cmdPath := e.Command
	if strings.Contains(cmdPath, string(filepath.Separator)) && !filepath.IsAbs(cmdPath) {
		cmdPath = filepath.Join(e.dir, cmdPath)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cmdPath, e.Args...)
	info, _ := json.Marshal(map[string]any{"apiVersion": e.APIVersion, "kind": "ExecCredential",
		"spec": map[string]any{"interactive": false}})
	cmd.Env = append(childEnv(), "KUBERNETES_EXEC_INFO="+string(info))
	for _, kv := range e.Env {
		cmd.Env = append(cmd.Env, kv.Name+"="+kv.Value)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if len(msg) > 300 {
			msg = msg[:300] + "..."
		}
		return "", fmt.Errorf("k8s: the credential plugin of %s (%s) failed: %v: %s", c.source, e.Command, err, msg)
	}
	var cred struct {
		Status struct {
			Token               string    `json:"token"`
			ExpirationTimestamp time.Time `json:"expirationTimestamp"`
		} `json:"status"`
	}
	if err := json.Unmarshal(out.Bytes(), &cred); err != nil || cred.Status.Token == "" {
		return "", fmt.Errorf("k8s: the credential plugin of %s (%s) printed no ExecCredential token (client certificates from "+
			"plugins are not supported)", c.source, e.Command)
	}
	c.execToken, c.execExpires = cred.Status.Token, cred.Status.ExpirationTimestamp
	return c.execToken, nil
}
