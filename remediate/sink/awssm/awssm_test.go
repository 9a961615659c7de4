package awssm

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/remediate/sink/sinktest"
)

func uniqueName(t *testing.T) string {
	return "auth0/" + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + "-" + sinktest.RandHex(4)
}

// motoClient is a Secrets Manager client of its own, to set up and inspect secrets as another
// tool (the AWS CLI, an app) would.
func motoClient(t *testing.T) *secretsmanager.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return secretsmanager.NewFromConfig(cfg)
}

// atStage reads a secret's value at a label, the way an app reads it.
func atStage(t *testing.T, c *secretsmanager.Client, name, label string) string {
	t.Helper()
	out, err := c.GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: aws.String(name), VersionStage: aws.String(label)})
	if err != nil {
		if apiCode(err) == "ResourceNotFoundException" {
			return ""
		}
		t.Fatalf("read %s %s: %v", name, label, err)
	}
	return aws.ToString(out.SecretString)
}

func labels(t *testing.T, c *secretsmanager.Client, name string) map[string][]string {
	t.Helper()
	d, err := c.DescribeSecret(context.Background(), &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return d.VersionIdsToStages
}

func create(t *testing.T, c *secretsmanager.Client, name, value string) {
	t.Helper()
	if _, err := c.CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)}); err != nil {
		t.Fatal(err)
	}
}

// open returns the store of spec against moto (through a fault proxy).
func open(t *testing.T, spec string) (*Store, *sinktest.Proxy) {
	t.Helper()
	moto := sinktest.Moto(t)
	proxy := sinktest.StartProxy(t, moto)
	sinktest.AWSEnv(t, proxy.URL)
	s, err := Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s.(*Store), proxy
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, s sink.Sink, id string) sink.Stages {
	t.Helper()
	st, err := s.Read(id)
	must(t, err)
	return st
}

// TestStagedRotationInMoto is the staged flow against moto_server: staging writes an
// AWSPENDING version and leaves AWSCURRENT alone; promotion makes exactly the staged version
// AWSCURRENT and Secrets Manager moves AWSPREVIOUS to the old one, where it stays after the
// engine drops its previous stage.
func TestStagedRotationInMoto(t *testing.T) {
	name := uniqueName(t)
	s, _ := open(t, "aws-sm:"+name)
	c := motoClient(t)
	create(t, c, name, "old-secret")
	must(t, s.Preflight("web"))
	st := read(t, s, "web")
	if st != (sink.Stages{Current: "old-secret"}) {
		t.Fatalf("read %v", st)
	}
	must(t, sink.Stage(s, "web", "new-secret", st))
	if atStage(t, c, name, LabelCurrent) != "old-secret" || atStage(t, c, name, LabelPending) != "new-secret" {
		t.Fatal("staging changed AWSCURRENT or did not write AWSPENDING")
	}
	st = read(t, s, "web")
	if st != (sink.Stages{Current: "old-secret", Pending: "new-secret"}) {
		t.Fatalf("read after staging %v", st)
	}
	must(t, sink.Promote(s, "web", st, "new-secret"))
	if cur, prev := atStage(t, c, name, LabelCurrent), atStage(t, c, name, LabelPrevious); cur != "new-secret" || prev != "old-secret" {
		t.Fatalf("after promotion AWSCURRENT=%q AWSPREVIOUS=%q", cur, prev)
	}
	st = read(t, s, "web")
	must(t, sink.DropPrevious(s, "web", st))
	if atStage(t, c, name, LabelPrevious) != "old-secret" {
		t.Fatal("AWSPREVIOUS was dropped")
	}
	for id, ls := range labels(t, c, name) {
		for _, l := range ls {
			if l == LabelPending || strings.HasPrefix(l, "auth0audit") {
				t.Fatalf("version %s still carries %s: %v", id, l, labels(t, c, name))
			}
		}
	}
}

// TestRotatedSecretInMoto: a value known only after the tenant changed (rotate-secret's
// answer) becomes AWSCURRENT through a version with a temporary label, moved with
// RemoveFromVersionId; JSON secrets keep their other keys.
func TestRotatedSecretInMoto(t *testing.T) {
	name := uniqueName(t)
	s, _ := open(t, "aws-sm:"+name+"#client_secret")
	c := motoClient(t)
	create(t, c, name, `{"client_id":"web","client_secret":"old","db":"postgres://x"}`)
	must(t, s.Preflight("web"))
	st := read(t, s, "web")
	must(t, sink.SetCurrent(s, "web", "rotated", st))
	cur := atStage(t, c, name, LabelCurrent)
	if !strings.Contains(cur, `"client_secret":"rotated"`) || !strings.Contains(cur, `"db":"postgres://x"`) || !strings.Contains(cur, `"client_id":"web"`) {
		t.Fatalf("AWSCURRENT = %s", cur)
	}
	if !strings.Contains(atStage(t, c, name, LabelPrevious), `"client_secret":"old"`) {
		t.Fatal("AWSPREVIOUS does not hold the old secret")
	}
	for _, ls := range labels(t, c, name) {
		for _, l := range ls {
			if l == LabelWriting {
				t.Fatal("the temporary label was left")
			}
		}
	}
	// A missing secret is created by the first current value; staging into it is refused
	// (its first version would become AWSCURRENT before the tenant changed).
	fresh, _ := open(t, "aws-sm:"+name+"-new")
	must(t, fresh.Preflight("web"))
	err := sink.Stage(fresh, "web", "staged", sink.Stages{})
	if err == nil || !strings.Contains(err.Error(), "no current version") {
		t.Fatalf("staging into a missing secret: %v", err)
	}
	must(t, sink.SetCurrent(fresh, "web", "first", sink.Stages{}))
	if atStage(t, c, name+"-new", LabelCurrent) != "first" {
		t.Fatal("the secret was not created")
	}
}

// TestConcurrentWriterInMoto: a writer that moves AWSCURRENT between this store's read and its
// move is refused by Secrets Manager (RemoveFromVersionId no longer carries the label), the
// store reports a conflict, and the other writer's value stays current.
func TestConcurrentWriterInMoto(t *testing.T) {
	name := uniqueName(t)
	s, proxy := open(t, "aws-sm:"+name)
	c := motoClient(t)
	create(t, c, name, "old")
	st := read(t, s, "web")
	// Stale stages: the store's own re-read refuses.
	_, err := c.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String("someone-else")})
	must(t, err)
	var conflict *sink.ConflictError
	if err := sink.SetCurrent(s, "web", "mine", st); !errors.As(err, &conflict) {
		t.Fatalf("stale write: %v", err)
	}
	// The window between the re-read and the move: the other writer lands there.
	st = read(t, s, "web")
	proxy.Set(sinktest.Hook{Match: sinktest.OpIs("UpdateSecretVersionStage"), Times: 1, Before: func() int {
		_, err := c.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String("third-writer")})
		must(t, err)
		return 0
	}})
	if err := sink.SetCurrent(s, "web", "mine", st); !errors.As(err, &conflict) {
		t.Fatalf("write in the window: %v", err)
	}
	if got := atStage(t, c, name, LabelCurrent); got != "third-writer" {
		t.Fatalf("AWSCURRENT = %q: the other writer's value was replaced", got)
	}
}

// TestRetriedWriteIsOneVersion: a PutSecretValue applied whose answer is lost is retried by the
// SDK with the same client request token (made once per write): one version, not two.
func TestRetriedWriteIsOneVersion(t *testing.T) {
	name := uniqueName(t)
	s, proxy := open(t, "aws-sm:"+name)
	c := motoClient(t)
	create(t, c, name, "old")
	proxy.Set(sinktest.Hook{Match: sinktest.OpIs("PutSecretValue"), Times: 1, After: func() int { return 500 }})
	must(t, sink.Stage(s, "web", "staged", read(t, s, "web")))
	if n := len(labels(t, c, name)); n != 2 {
		t.Fatalf("%d versions after a retried write, want 2: %v", n, labels(t, c, name))
	}
	a, errA := newToken()
	b, errB := newToken()
	if errA != nil || errB != nil || a == b || len(a) != 36 || a[14] != '4' {
		t.Fatalf("tokens %q %q (%v %v): want distinct random UUIDs", a, b, errA, errB)
	}
}

// TestPreflightInMoto: a leftover temporary label is removed; a secret scheduled for deletion,
// a JSON secret named without a key, plain http to another host and a missing region are
// refused before the tenant changes.
func TestPreflightInMoto(t *testing.T) {
	name := uniqueName(t)
	s, _ := open(t, "aws-sm:"+name)
	c := motoClient(t)
	create(t, c, name, "old")
	_, err := c.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{SecretId: aws.String(name),
		SecretString: aws.String("crashed-write"), VersionStages: []string{LabelWriting}})
	must(t, err)
	must(t, s.Preflight("web"))
	for _, ls := range labels(t, c, name) {
		for _, l := range ls {
			if strings.HasPrefix(l, "auth0audit") {
				t.Fatalf("label %s left", l)
			}
		}
	}
	j := name + "-json"
	create(t, c, j, `{"client_secret":"x"}`)
	js, _ := open(t, "aws-sm:"+j)
	if _, err := js.Read("web"); err == nil || !strings.Contains(err.Error(), "#client_secret") {
		t.Fatalf("JSON without a key: %v", err)
	}
	_, err = c.DeleteSecret(context.Background(), &secretsmanager.DeleteSecretInput{SecretId: aws.String(name), RecoveryWindowInDays: aws.Int64(7)})
	must(t, err)
	if err := s.Preflight("web"); err == nil || !strings.Contains(err.Error(), "scheduled for deletion") {
		t.Fatalf("deleted secret: %v", err)
	}
	t.Setenv("AWS_ENDPOINT_URL", "http://secretsmanager.example.com")
	if _, err := Open("aws-sm:x"); err == nil || !strings.Contains(err.Error(), "clear text") {
		t.Fatalf("plain http: %v", err)
	}
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_REGION", "")
	if _, err := Open("aws-sm:x"); err == nil || !strings.Contains(err.Error(), "AWS_REGION") {
		t.Fatalf("no region: %v", err)
	}
	for _, bad := range []string{"aws-sm:", "aws-sm:x#", "aws-sm:arn:aws:secretsmanager:us-east-1:1:secret:x/"} {
		if _, err := Open(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// TestPrefixHoldsOneSecretPerClient: aws-sm:PREFIX/ keeps each client in PREFIX/CLIENT_ID.
func TestPrefixHoldsOneSecretPerClient(t *testing.T) {
	prefix := uniqueName(t) + "/"
	s, _ := open(t, "aws-sm:"+prefix)
	if s.HoldsOneClient() {
		t.Fatal("a prefix holds one client")
	}
	must(t, sink.SetCurrent(s, "web", "a", sink.Stages{}))
	must(t, sink.SetCurrent(s, "spa", "b", sink.Stages{}))
	c := motoClient(t)
	if atStage(t, c, prefix+"web", LabelCurrent) != "a" || atStage(t, c, prefix+"spa", LabelCurrent) != "b" {
		t.Fatal("per-client secrets")
	}
}

// TestVersionIDRevealsNothing: a version's id (its client request token) is shown by
// DescribeSecret and ListSecretVersionIds and logged by CloudTrail to principals who may not
// read the value, so it must not be a function of the value (an HMAC keyed with the secret
// let anyone confirm a guessed secret offline). The same value staged twice (staged,
// discarded, staged again) is two versions with unrelated ids, and the second is AWSPENDING.
func TestVersionIDRevealsNothing(t *testing.T) {
	name := uniqueName(t)
	s, _ := open(t, "aws-sm:"+name)
	c := motoClient(t)
	create(t, c, name, "old")
	pendingID := func() string {
		for id, ls := range labels(t, c, name) {
			for _, l := range ls {
				if l == LabelPending {
					return id
				}
			}
		}
		return ""
	}
	must(t, sink.Stage(s, "web", "same-value", read(t, s, "web")))
	first := pendingID()
	must(t, sink.DiscardPending(s, "web", read(t, s, "web")))
	must(t, sink.Stage(s, "web", "same-value", read(t, s, "web")))
	second := pendingID()
	if first == "" || second == "" || first == second {
		t.Fatalf("the same value staged twice has version ids %q and %q: the id is a function of the value", first, second)
	}
	if atStage(t, c, name, LabelPending) != "same-value" {
		t.Fatal("the value staged again is not AWSPENDING")
	}
}

// TestPromotionKeepsOtherKeysChangedMeanwhile: with #key, the AWSPENDING version is a copy of
// the JSON object AWSCURRENT held when the secret was staged. Another tool changing another
// key of AWSCURRENT (a database password) between staging and promotion (the tenant change,
// the settle wait: minutes) must not be undone by the promotion.
func TestPromotionKeepsOtherKeysChangedMeanwhile(t *testing.T) {
	name := uniqueName(t)
	s, _ := open(t, "aws-sm:"+name+"#client_secret")
	c := motoClient(t)
	create(t, c, name, `{"client_secret":"old","db_password":"a"}`)
	must(t, sink.Stage(s, "web", "new", read(t, s, "web")))
	_, err := c.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{SecretId: aws.String(name),
		SecretString: aws.String(`{"client_secret":"old","db_password":"b"}`)})
	must(t, err)
	st := read(t, s, "web")
	must(t, sink.Promote(s, "web", st, "new"))
	cur := atStage(t, c, name, LabelCurrent)
	if !strings.Contains(cur, `"client_secret":"new"`) || !strings.Contains(cur, `"db_password":"b"`) {
		t.Fatalf("AWSCURRENT after promotion = %s: the other writer's db_password change was lost", cur)
	}
	if prev := atStage(t, c, name, LabelPrevious); !strings.Contains(prev, `"client_secret":"old"`) || !strings.Contains(prev, `"db_password":"b"`) {
		t.Fatalf("AWSPREVIOUS = %s, want the version the promotion replaced", prev)
	}
	if got := read(t, s, "web"); got != (sink.Stages{Current: "new"}) {
		t.Fatalf("stages after promotion %v", got)
	}
}

// TestTwoVersionsLabelledCurrent: moto_server leaves AWSCURRENT on two versions when another
// tool's PutSecretValue follows a move of AWSCURRENT by UpdateSecretVersionStage (it moves
// AWSCURRENT off the version it created last, not off the labelled one). A read that picked
// either one by map order would compare-and-swap against a coin toss; the store must agree
// with what an app reading AWSCURRENT gets, or refuse.
func TestTwoVersionsLabelledCurrent(t *testing.T) {
	name := uniqueName(t)
	s, _ := open(t, "aws-sm:"+name)
	c := motoClient(t)
	create(t, c, name, "old")
	must(t, sink.SetCurrent(s, "web", "mine", read(t, s, "web")))
	_, err := c.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String("other-tool")})
	must(t, err)
	app := atStage(t, c, name, LabelCurrent)
	for i := 0; i < 20; i++ {
		st, err := s.Read("web")
		if err != nil {
			if !strings.Contains(err.Error(), "AWSCURRENT") {
				t.Fatalf("refused without saying why: %v", err)
			}
			continue
		}
		if st.Current != app {
			t.Fatalf("read %d: the store reads current %q where an app reads AWSCURRENT %q (labels %v)", i, st.Current, app, labels(t, c, name))
		}
	}
}

// TestOtherKeysKeptByteForByte: the other keys of a #key secret are written back as they
// were; encoding/json's default HTML escaping turned a connection string's '&' into \u0026,
// which a JSON parser reads back the same but a template or a grep does not.
func TestOtherKeysKeptByteForByte(t *testing.T) {
	name := uniqueName(t)
	s, _ := open(t, "aws-sm:"+name+"#client_secret")
	c := motoClient(t)
	create(t, c, name, `{"client_secret":"old","db":"postgres://h/db?sslmode=require&user=a<b>"}`)
	must(t, sink.SetCurrent(s, "web", "new", read(t, s, "web")))
	if cur := atStage(t, c, name, LabelCurrent); !strings.Contains(cur, `"db":"postgres://h/db?sslmode=require&user=a<b>"`) {
		t.Fatalf("AWSCURRENT = %s", cur)
	}
}
