package a

func f() {
	_ = 1 /* want `^//auth0vet:ignore needs a reason` */ //auth0vet:ignore
	//auth0vet:ignore a reason is given
	_ = 2
	//auth0vet:ignored is another word, not a directive
	_ = 3
}
