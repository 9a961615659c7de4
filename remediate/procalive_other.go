//go:build !unix

package remediate

// processAlive cannot tell on this platform: a process is taken as running, so a marker is
// never taken over from a run that may still be changing the client.
func processAlive(int) bool { return true }
