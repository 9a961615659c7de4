// Package awssm keeps client secrets in AWS Secrets Manager, in the staging labels Secrets
// Manager itself rotates with: a staged secret is a new version labelled AWSPENDING (the
// current one is untouched), promotion moves AWSCURRENT onto it and Secrets Manager moves
// AWSPREVIOUS onto the old one.
//
// It is its own package so that only binaries built with -tags awssm carry the AWS SDK (see
// cmd/auth0audit); `go test ./...` tests it against moto_server (sinktest.Moto).
//
//	--secret-sink aws-sm:SECRET_ID          the SecretString is the client secret
//	--secret-sink aws-sm:SECRET_ID#KEY      the SecretString is a JSON object; KEY holds it
//	--secret-sink aws-sm:PREFIX/            one secret per client: PREFIX/CLIENT_ID
//
// The endpoint, credentials and region come from the standard AWS chain (AWS_ENDPOINT_URL,
// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_PROFILE and the shared
// files, SSO, web identity, the container or instance role; AWS_REGION).
//
// Mapping onto the stages of package sink:
//
//   - current is the AWSCURRENT version; every read names the stage and the version it
//     expects (GetSecretValue with VersionStage and VersionId), never the default version
//     (moto answers an unstaged read after a promotion with the old value);
//   - pending is the AWSPENDING version when it is not the AWSCURRENT one;
//   - previous is AWSPREVIOUS, which Secrets Manager moves itself whenever AWSCURRENT moves and
//     keeps after the run is verified (so apps can fall back, as with AWS's own rotation):
//     this store reports no previous stage and never drops AWSPREVIOUS.
//
// Writes are compare-and-swap: the store reads the stages again before writing and refuses
// (sink.ConflictError) when they are not what the caller read; a new current value is written
// as a version with a temporary label, then AWSCURRENT is moved onto it with
// RemoveFromVersionId naming the version the run read, which Secrets Manager refuses when
// AWSCURRENT moved meanwhile. Every new version carries a random client request token of its
// own (never derived from the value: the token is the version id others can see), which the
// SDK's retries of that call reuse, so a request retried after a lost answer is the same
// version; a write after a crash reads the store first (see newToken).
package awssm

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go"

	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// Staging labels.
const (
	LabelCurrent  = "AWSCURRENT"
	LabelPending  = "AWSPENDING"
	LabelPrevious = "AWSPREVIOUS"
	// LabelWriting marks a version while this store moves AWSCURRENT onto it; a crash can
	// leave it, and the next Preflight removes it.
	LabelWriting = "auth0audit-writing"
	// labelProbe is attached to the current version and removed again by Preflight, to prove
	// the credentials may move staging labels before the tenant changes.
	labelProbe = "auth0audit-preflight"
)

// callTimeout bounds one API call (the SDK retries inside it).
const callTimeout = 30 * time.Second

// API is the part of the Secrets Manager client the store uses.
type API interface {
	DescribeSecret(context.Context, *secretsmanager.DescribeSecretInput, ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
	GetSecretValue(context.Context, *secretsmanager.GetSecretValueInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
	PutSecretValue(context.Context, *secretsmanager.PutSecretValueInput, ...func(*secretsmanager.Options)) (*secretsmanager.PutSecretValueOutput, error)
	CreateSecret(context.Context, *secretsmanager.CreateSecretInput, ...func(*secretsmanager.Options)) (*secretsmanager.CreateSecretOutput, error)
	UpdateSecretVersionStage(context.Context, *secretsmanager.UpdateSecretVersionStageInput, ...func(*secretsmanager.Options)) (*secretsmanager.UpdateSecretVersionStageOutput, error)
}

// Store is one secret (or one secret per client, under a prefix) in Secrets Manager.
type Store struct {
	// SecretID is the secret's name or ARN, or a name prefix ending in '/'.
	SecretID string
	// JSONKey names the key of a JSON SecretString holding the client secret ("": the whole
	// SecretString is the client secret).
	JSONKey string
	API     API
}

// Open builds the store of an aws-sm:SECRET_ID[#key] spec with the standard AWS chain.
func Open(spec string) (sink.Sink, error) {
	rest, ok := strings.CutPrefix(spec, "aws-sm:")
	if !ok {
		return nil, fmt.Errorf("--secret-sink %q: not an aws-sm: spec", spec)
	}
	s, err := parse(rest)
	if err != nil {
		return nil, fmt.Errorf("--secret-sink %q: %w", spec, err)
	}
	for _, v := range []string{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"} {
		if e := os.Getenv(v); e != "" {
			if err := sink.CheckTransport(v, e); err != nil {
				return nil, err
			}
			break
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("aws-sm: the AWS configuration cannot be loaded: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("aws-sm: no AWS region: set AWS_REGION (or a region in the AWS profile); without one the request goes nowhere useful")
	}
	s.API = secretsmanager.NewFromConfig(cfg)
	return s, nil
}

func parse(rest string) (*Store, error) {
	id, key, err := splitKey(rest)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, errors.New("aws-sm: needs a secret: aws-sm:SECRET_ID[#key] or aws-sm:PREFIX/")
	}
	if strings.HasPrefix(id, "arn:") && strings.HasSuffix(id, "/") {
		return nil, errors.New("aws-sm: a prefix (one secret per client) is a name ending in '/', not an ARN")
	}
	return &Store{SecretID: id, JSONKey: key}, nil
}

func splitKey(s string) (string, string, error) {
	i := strings.LastIndexByte(s, '#')
	if i < 0 {
		return s, "", nil
	}
	if s[i+1:] == "" {
		return "", "", errors.New("'#' names no key")
	}
	return s[:i], s[i+1:], nil
}

func (s *Store) prefix() bool { return strings.HasSuffix(s.SecretID, "/") }

// HoldsOneClient is true unless the store names a prefix.
func (s *Store) HoldsOneClient() bool { return !s.prefix() }

func (s *Store) secret(clientID string) (string, error) {
	if !s.prefix() {
		return s.SecretID, nil
	}
	if clientID == "" || strings.ContainsAny(clientID, "/ \t\n") {
		return "", fmt.Errorf("aws-sm: client id %q cannot name a secret", clientID)
	}
	return s.SecretID + clientID, nil
}

func (s *Store) String() string {
	if s.JSONKey != "" {
		return "aws-sm:" + s.SecretID + "#" + s.JSONKey
	}
	return "aws-sm:" + s.SecretID
}

// Where names the secret, its label and key.
func (s *Store) Where(clientID string, slot sink.Slot) string {
	name, err := s.secret(clientID)
	if err != nil {
		name = s.SecretID + "<client>"
	}
	label := map[sink.Slot]string{sink.SlotCurrent: LabelCurrent, sink.SlotPending: LabelPending, sink.SlotPrevious: LabelPrevious}[slot]
	w := "aws-sm:" + name + " " + label
	if s.JSONKey != "" {
		w += " key " + s.JSONKey
	}
	return w
}

// state is one read of a secret: its versions' labels and the values of the stages.
type state struct {
	exists     bool
	deleted    bool
	rotation   string // the rotation Lambda, when Secrets Manager rotates the secret itself
	curID      string
	pendHolder string // the version labelled AWSPENDING (may be curID)
	writingID  string // the version labelled LabelWriting
	probeID    string // the version labelled labelProbe
	curString  string // the whole SecretString of AWSCURRENT
	pendString string // the whole SecretString of AWSPENDING (when it is not AWSCURRENT)
	stages     sink.Stages
}

func ctxT() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), callTimeout)
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// read reads the secret's labels, then the values of AWSCURRENT and AWSPENDING by label and
// version together; a label that moved between the two reads makes it read again.
func (s *Store) read(name string) (state, error) {
	var last error
	for try := 0; try < 3; try++ {
		st, err := s.readOnce(name)
		if err == nil {
			return st, nil
		}
		if apiCode(err) != "InvalidRequestException" || !strings.Contains(err.Error(), "VersionStage") {
			return st, err
		}
		last = err
	}
	return state{}, fmt.Errorf("aws-sm:%s: its labels kept moving while it was read (another writer?): %w", name, last)
}

func (s *Store) readOnce(name string) (state, error) {
	var st state
	ctx, cancel := ctxT()
	defer cancel()
	d, err := s.API.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
	if apiCode(err) == "ResourceNotFoundException" {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("aws-sm:%s: describe: %w", name, err)
	}
	st.exists = true
	st.deleted = d.DeletedDate != nil
	if aws.ToBool(d.RotationEnabled) {
		st.rotation = aws.ToString(d.RotationLambdaARN)
		if st.rotation == "" {
			st.rotation = "(managed rotation)"
		}
	}
	if st.deleted {
		return st, nil // its values cannot be read; Preflight, Read and Write say why
	}
	for id, labels := range d.VersionIdsToStages {
		for _, l := range labels {
			switch l {
			case LabelCurrent, LabelPending:
				held := &st.curID
				if l == LabelPending {
					held = &st.pendHolder
				}
				if *held != "" && *held != id {
					// Secrets Manager keeps a label on one version; moto_server can leave
					// AWSCURRENT on two (another tool's PutSecretValue after a move by
					// UpdateSecretVersionStage). Picking one would be a coin toss.
					return st, fmt.Errorf("aws-sm:%s: versions %s and %s both carry %s, which Secrets Manager never allows (a "+
						"moto_server bug?): it is not clear which value the apps read; move %s onto one of them "+
						"(aws secretsmanager update-secret-version-stage) and run again", name, *held, id, l, l)
				}
				*held = id
			case LabelWriting:
				st.writingID = id
			case labelProbe:
				st.probeID = id
			}
		}
	}
	if st.curID != "" {
		if st.curString, err = s.getValue(name, st.curID, LabelCurrent); err != nil {
			return st, err
		}
		if st.stages.Current, err = s.extract(name, st.curString); err != nil {
			return st, err
		}
	}
	if st.pendHolder != "" && st.pendHolder != st.curID {
		v, err := s.getValue(name, st.pendHolder, LabelPending)
		if err != nil {
			return st, err
		}
		st.pendString = v
		if st.stages.Pending, err = s.extract(name, v); err != nil {
			return st, err
		}
	}
	return st, nil
}

// getValue reads one version by id and label together: Secrets Manager refuses the pair when
// the label moved, so the value read is the labelled one.
func (s *Store) getValue(name, versionID, label string) (string, error) {
	ctx, cancel := ctxT()
	defer cancel()
	out, err := s.API.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name),
		VersionId: aws.String(versionID), VersionStage: aws.String(label)})
	if err != nil {
		return "", fmt.Errorf("aws-sm:%s: read %s (version %s): %w", name, label, versionID, err)
	}
	if out.SecretString == nil {
		return "", fmt.Errorf("aws-sm:%s: the %s version holds binary data, not a string: not a client secret this tool wrote", name, label)
	}
	return *out.SecretString, nil
}

// extract takes the client secret out of a SecretString.
func (s *Store) extract(name, secretString string) (string, error) {
	if s.JSONKey == "" {
		if strings.HasPrefix(strings.TrimSpace(secretString), "{") {
			return "", fmt.Errorf("aws-sm:%s holds a JSON object, not a bare secret: name the key that holds the client secret "+
				"(aws-sm:%s#client_secret)", name, s.SecretID)
		}
		return secretString, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(secretString), &obj); err != nil || obj == nil {
		return "", fmt.Errorf("aws-sm:%s: #%s needs a JSON object in the SecretString, and it holds something else", name, s.JSONKey)
	}
	raw, ok := obj[s.JSONKey]
	if !ok || string(raw) == "null" {
		return "", nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", fmt.Errorf("aws-sm:%s: key %q is not a string", name, s.JSONKey)
	}
	return v, nil
}

// compose builds the SecretString of a new version holding value: with a key, the current
// version's JSON object with that key replaced (every other key kept).
func (s *Store) compose(name, base, value string) (string, error) {
	if s.JSONKey == "" {
		return value, nil
	}
	obj := map[string]json.RawMessage{}
	if base != "" {
		if err := json.Unmarshal([]byte(base), &obj); err != nil || obj == nil {
			return "", fmt.Errorf("aws-sm:%s: #%s needs a JSON object in the SecretString, and it holds something else", name, s.JSONKey)
		}
	}
	b, err := marshalVerbatim(value)
	if err != nil {
		return "", err
	}
	obj[s.JSONKey] = b
	out, err := marshalVerbatim(obj)
	return string(out), err
}

// marshalVerbatim is json.Marshal without its HTML escaping, so the other keys' values are
// written back as they were ('&' stays '&', not \u0026).
func marshalVerbatim(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// sameOtherKeys reports whether two SecretStrings differ at most in the client secret's key
// (always true without #key: the whole SecretString is the client secret).
func (s *Store) sameOtherKeys(a, b string) bool {
	if s.JSONKey == "" {
		return true
	}
	others := func(v string) (string, bool) {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(v), &obj); err != nil || obj == nil {
			return "", false
		}
		delete(obj, s.JSONKey)
		out, err := json.Marshal(obj) // sorted keys, compacted values
		return string(out), err == nil
	}
	oa, okA := others(a)
	ob, okB := others(b)
	return okA && okB && oa == ob
}

// newToken is the client request token of one new version: random, made once per write and
// reused by the SDK's retries of that call (a retried request is the same version). It is the
// version's id, which DescribeSecret, ListSecretVersionIds and CloudTrail show to principals
// who may not read the value, so it must tell nothing of the value: a token derived from the
// content let anyone confirm a guessed secret offline, and made a value written again (staged,
// discarded, staged again) the same token, which Secrets Manager ignores ("a version with
// this token and value exists"): the second write attached no AWSPENDING and still succeeded.
// A write retried after a crash needs no token of its own: the store is read first and the
// write is a compare-and-swap on what was read.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("aws-sm: no randomness for a client request token: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40 // a version 4 UUID, the form Secrets Manager's own tokens take
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], nil
}

// Preflight proves, before the tenant changes, that the secret can take the client's stages:
// the credentials and region work, the secret (when it exists) is readable, not scheduled for
// deletion and not rotated by Secrets Manager itself, and the credentials may move staging
// labels (a probe label is attached to the current version and removed). It removes the
// temporary label a crashed write left.
func (s *Store) Preflight(clientID string) error {
	name, err := s.secret(clientID)
	if err != nil {
		return err
	}
	st, err := s.read(name)
	if err != nil {
		return sink.Scrub(err)
	}
	if !st.exists {
		return nil // created by the first write of a current secret; staging refuses (see Write)
	}
	if st.deleted {
		return deletedError(name)
	}
	if st.rotation != "" {
		return fmt.Errorf("aws-sm:%s is rotated by Secrets Manager itself (rotation %s): its rotation would move AWSPENDING and "+
			"AWSCURRENT under this run; turn that rotation off for this secret, or deliver to another one", name, st.rotation)
	}
	for _, stale := range []struct{ label, id string }{{LabelWriting, st.writingID}, {labelProbe, st.probeID}} {
		if stale.id != "" {
			if err := s.unlabel(name, stale.label, stale.id); err != nil {
				return fmt.Errorf("aws-sm:%s: remove the label %s a crashed run left: %w", name, stale.label, err)
			}
		}
	}
	if st.curID == "" {
		return nil
	}
	if err := s.move(name, labelProbe, st.curID, ""); err != nil {
		return fmt.Errorf("aws-sm:%s: the credentials cannot move staging labels (secretsmanager:UpdateSecretVersionStage), which "+
			"promoting the new secret needs: %w", name, err)
	}
	if err := s.unlabel(name, labelProbe, st.curID); err != nil {
		return fmt.Errorf("aws-sm:%s: remove the probe label: %w", name, err)
	}
	return nil
}

// Read returns the client's stages (previous is Secrets Manager's own: see the package doc).
func (s *Store) Read(clientID string) (sink.Stages, error) {
	name, err := s.secret(clientID)
	if err != nil {
		return sink.Stages{}, err
	}
	st, err := s.read(name)
	if err == nil && st.deleted {
		err = deletedError(name)
	}
	return st.stages, sink.Scrub(err)
}

func deletedError(name string) error {
	return fmt.Errorf("aws-sm:%s is scheduled for deletion: restore it (aws secretsmanager restore-secret) or name another secret", name)
}

// Write changes the stages from `from` to `to`: current first (promotion, or a new version
// moved to AWSCURRENT), then pending. Previous is Secrets Manager's: it follows AWSCURRENT.
func (s *Store) Write(clientID string, from, to sink.Stages) error {
	name, err := s.secret(clientID)
	if err != nil {
		return err
	}
	from.Previous, to.Previous = "", ""
	st, err := s.read(name)
	if err != nil {
		return sink.Scrub(err, to.Current, to.Pending)
	}
	if st.deleted {
		return deletedError(name)
	}
	if st.stages != from {
		return &sink.ConflictError{Sink: s.String(), ClientID: clientID}
	}
	if err := s.write(name, st, from, to); err != nil {
		// A lost answer may hide a write that was applied: read back before calling it failed.
		if now, rerr := s.read(name); rerr == nil {
			switch now.stages {
			case to:
				return nil
			case from:
			default:
				// Someone else wrote between this store's read and its write (Secrets Manager
				// refused the move of AWSCURRENT from the version read).
				return &sink.ConflictError{Sink: s.String(), ClientID: clientID}
			}
		}
		return sink.Scrub(err, to.Current, to.Pending, from.Current, from.Pending)
	}
	return nil
}

func (s *Store) write(name string, st state, from, to sink.Stages) error {
	if to.Current != from.Current {
		switch {
		case to.Current == "":
			return fmt.Errorf("aws-sm:%s: this store never removes the current version", name)
		case to.Current == from.Pending && st.pendHolder != "" && st.pendHolder != st.curID && s.sameOtherKeys(st.pendString, st.curString):
			// Promotion: exactly the staged version becomes current. (With #key, only while its
			// other keys are still AWSCURRENT's: when another tool changed one since the
			// secret was staged, the default case writes AWSCURRENT's object with the staged
			// value instead, so the promotion undoes nobody's change.)
			if err := s.move(name, LabelCurrent, st.pendHolder, st.curID); err != nil {
				return fmt.Errorf("aws-sm:%s: promote AWSPENDING to AWSCURRENT: %w", name, err)
			}
			st.curID, st.curString = st.pendHolder, ""
		case !st.exists:
			body, err := s.compose(name, "", to.Current)
			if err != nil {
				return err
			}
			tok, err := newToken()
			if err != nil {
				return err
			}
			ctx, cancel := ctxT()
			defer cancel()
			out, err := s.API.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name),
				ClientRequestToken: aws.String(tok), SecretString: aws.String(body),
				Description: aws.String("Auth0 client secret, delivered by auth0audit")})
			if err != nil {
				return fmt.Errorf("aws-sm:%s: create the secret: %w", name, err)
			}
			st.curID, st.curString, st.exists = aws.ToString(out.VersionId), body, true
		default:
			body, err := s.compose(name, st.curString, to.Current)
			if err != nil {
				return err
			}
			id, err := s.put(name, body, LabelWriting)
			if err != nil {
				return fmt.Errorf("aws-sm:%s: write the new version: %w", name, err)
			}
			if err := s.move(name, LabelCurrent, id, st.curID); err != nil {
				return fmt.Errorf("aws-sm:%s: move AWSCURRENT to the new version: %w", name, err)
			}
			_ = s.unlabel(name, LabelWriting, id) // a leftover label is removed by the next Preflight
			st.curID, st.curString = id, body
		}
	}
	if to.Pending == from.Pending {
		return nil
	}
	if to.Pending == "" {
		// Discarded or promoted: AWSPENDING leaves the version that carried it.
		if st.pendHolder != "" {
			if err := s.unlabel(name, LabelPending, st.pendHolder); err != nil {
				return fmt.Errorf("aws-sm:%s: remove AWSPENDING: %w", name, err)
			}
		}
		return nil
	}
	if st.curID == "" {
		return fmt.Errorf("aws-sm:%s has no current version: Secrets Manager makes the first version of a secret AWSCURRENT, so "+
			"staging into it would hand the apps the new secret before the tenant has it. Create the secret holding the client's "+
			"current secret first (aws secretsmanager create-secret --name %s --secret-string file://FILE), or rotate instead", name, name)
	}
	if st.curString == "" {
		v, err := s.getValue(name, st.curID, LabelCurrent)
		if err != nil {
			return err
		}
		st.curString = v
	}
	body, err := s.compose(name, st.curString, to.Pending)
	if err != nil {
		return err
	}
	if _, err := s.put(name, body, LabelPending); err != nil {
		return fmt.Errorf("aws-sm:%s: write the AWSPENDING version: %w", name, err)
	}
	return nil
}

// put writes a new version labelled label, with a token of its own.
func (s *Store) put(name, body, label string) (string, error) {
	tok, err := newToken()
	if err != nil {
		return "", err
	}
	ctx, cancel := ctxT()
	defer cancel()
	out, err := s.API.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(name),
		ClientRequestToken: aws.String(tok), SecretString: aws.String(body), VersionStages: []string{label}})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.VersionId), nil
}

// move attaches label to version to, taking it from version from (Secrets Manager refuses when
// from no longer carries it: the compare-and-swap of AWSCURRENT).
func (s *Store) move(name, label, to, from string) error {
	in := &secretsmanager.UpdateSecretVersionStageInput{SecretId: aws.String(name), VersionStage: aws.String(label), MoveToVersionId: aws.String(to)}
	if from != "" && from != to {
		in.RemoveFromVersionId = aws.String(from)
	}
	ctx, cancel := ctxT()
	defer cancel()
	_, err := s.API.UpdateSecretVersionStage(ctx, in)
	return err
}

func (s *Store) unlabel(name, label, from string) error {
	ctx, cancel := ctxT()
	defer cancel()
	_, err := s.API.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{SecretId: aws.String(name),
		VersionStage: aws.String(label), RemoveFromVersionId: aws.String(from)})
	return err
}
