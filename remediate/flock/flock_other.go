//go:build !unix

package flock

import (
	"errors"
	"os"
)

var errWouldBlock = errors.New("would block")

var errUnsupported = errors.New("file locks are not supported on this platform: fix runs need flock(2) (Linux, macOS, BSD)")

func openLockFile(string) (*os.File, error) { return nil, errUnsupported }

func lockNB(*os.File) error { return errUnsupported }

// Dir is not supported on this platform.
func Dir(string) (func(), error) { return nil, errUnsupported }
