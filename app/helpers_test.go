package app

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/crypto"
)

func mustMaster(t *testing.T) crypto.Key {
	t.Helper()
	k, err := crypto.MasterKeyFromSource(testKey)
	require.NoError(t, err)
	return k
}
