//go:build !awssm

package main

import "github.com/auth0-migrate/auth0audit/remediate/sink"

// extraSinks are the secret stores whose client libraries are built in only on request
// (aws-sm needs -tags awssm: the AWS SDK would slow every build of this command); without
// them, --secret-sink aws-sm: says how to build a binary that has it.
func extraSinks() map[string]sink.Opener { return nil }
