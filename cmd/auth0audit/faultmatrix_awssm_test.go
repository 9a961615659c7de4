//go:build awssm

package main

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/sink/awssm"
	"github.com/auth0-migrate/auth0audit/remediate/sink/sinktest"
)

// awsStoreBuilt: this test binary has the aws-sm store (-tags awssm).
const awsStoreBuilt = true

// awsStoreCase is AWS Secrets Manager as moto_server serves it, behind a fault proxy, reached
// the way a user reaches it: AWS_ENDPOINT_URL and the standard credential and region variables.
func awsStoreCase(t *testing.T, c *cliEnv) *storeCase {
	moto := sinktest.Moto(t)
	p := sinktest.StartProxy(t, moto)
	sinktest.AWSEnv(t, p.URL)
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	api := secretsmanager.NewFromConfig(cfg)
	name := "auth0/faultmatrix-" + sinktest.RandHex(6)
	if _, err := api.CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{Name: aws.String(name),
		SecretString: aws.String(c.srv.ClientSecret(auth0sim.ClientWeb))}); err != nil {
		t.Fatal(err)
	}
	sk, err := awssm.Open("aws-sm:" + name)
	if err != nil {
		t.Fatal(err)
	}
	// The store's writes, without Preflight's probe label: in set-secret, 1 is the AWSPENDING
	// version and 2 the move of AWSCURRENT onto it.
	isWrite := func(op string, body []byte) bool {
		switch op {
		case "PutSecretValue", "UpdateSecretVersionStage", "CreateSecret":
			return !strings.Contains(string(body), "auth0audit-preflight")
		}
		return false
	}
	race := func(v string) { // another tool puts a new current version
		if _, err := api.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)}); err != nil {
			t.Error(err)
		}
	}
	atStage := func(label string) string {
		out, err := api.GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: aws.String(name), VersionStage: aws.String(label)})
		if err != nil {
			t.Fatalf("read %s: %v", label, err)
		}
		return aws.ToString(out.SecretString)
	}
	return &storeCase{name: "aws-sm", spec: "aws-sm:" + name, sink: sk, fault: proxyFault(p, isWrite, race), clear: p.Clear,
		afterRotate: func(t *testing.T, old, new string) {
			// The interface the issue is checked with.
			if cur, prev := atStage("AWSCURRENT"), atStage("AWSPREVIOUS"); cur != new || prev != old {
				t.Errorf("after a verified rotation AWSCURRENT holds the new secret: %v, AWSPREVIOUS the old one: %v", cur == new, prev == old)
			}
		}}
}
