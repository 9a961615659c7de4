package a

import (
	"context"

	"github.com/auth0/go-auth0/management"
)

const secret = "hJ8sQ2vN4kLp9wXz1RtYbC3mD5fG7aE0uI6oP8qS2dF4gH6jK8lZ0xC2vB4nM6qW"

func f(ctx context.Context) {
	_ = 1 /* want `^//auth0vet:ignore needs a reason` */ //auth0vet:ignore
	//auth0vet:ignore a reason is given, but nothing is found here // want `^//auth0vet:ignore matches no finding on its line or the statement below`
	_ = 2
	//auth0vet:ignored is another word, not a directive
	_ = 3
	//auth0vet:ignore hardcodedsecret throwaway secret of a deleted dev tenant
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	//auth0vet:ignore deleted dev tenant (a bare directive covers every check)
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	//auth0vet:ignore idtokenbearer,userscopedlink names other checks: the secret is still reported // want `^//auth0vet:ignore matches no idtokenbearer or userscopedlink finding`
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret)) //auth0vet:ignore hardcodedsecret,idtokenbearer trailing, naming two
	//auth0vet:ignore hardcodedsecrets one misspelt check silences nothing // want `^//auth0vet:ignore names an unknown check "hardcodedsecrets"`
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	//auth0vet:ignore idtokenbearer, hardcodedsecret a list with a space after its comma
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	//auth0vet:ignore hardcodedsecrt,idtokenbearer a typo silences nothing, not everything // want `^//auth0vet:ignore names an unknown check "hardcodedsecrt" \(did you mean hardcodedsecret\?\)`
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	//auth0vet:ignore secret-hardcoded the finding's id for the check's name silences nothing // want `^//auth0vet:ignore names an unknown check "secret-hardcoded" \(did you mean hardcodedsecret\?\)`
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	//auth0vet:ignore HardcodedSecret: capitals and a colon silence nothing // want `^//auth0vet:ignore names an unknown check "HardcodedSecret:" \(did you mean hardcodedsecret\?\)`
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
	//auth0vet:ignore Hardcoded secret of a deleted dev tenant (a reason: a bare directive)
	management.New("example.eu.auth0.com", management.WithClientCredentials(ctx, "id", secret))
}
