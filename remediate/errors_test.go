package remediate

import (
	"errors"

	"github.com/auth0/go-auth0/management"
)

func asMgmt(err error, me *management.Error) bool { return errors.As(err, me) }
