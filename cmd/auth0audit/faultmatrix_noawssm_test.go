//go:build !awssm

package main

import "testing"

// awsStoreBuilt: this test binary has no aws-sm store (build with -tags awssm; .ci/run does).
const awsStoreBuilt = false

func awsStoreCase(*testing.T, *cliEnv) *storeCase { return nil }
