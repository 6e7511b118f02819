package llamaserver_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
)

// helperEnv makes the test binary play Bodhi for the parent-death test: it starts a child through a manager,
// prints the child's pid, and waits to be killed. Its value is "<fake binary> <model file>" (paths without spaces).
const helperEnv = "LLAMASERVER_TEST_HELPER"

func runHelper() {
	var binary, model string
	if _, err := fmt.Sscanf(os.Getenv(helperEnv), "%s %s", &binary, &model); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	m, err := llamaserver.New(llamaserver.Options{Binary: binary, KeepAlive: time.Hour})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	target := gateway.LocalTarget{Alias: "o/r:Q4_K_M", ModelPath: model}
	resp, err := m.Forward(context.Background(), target, gateway.EndpointChat, "", chatBody(target.Alias, false))
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	resp.Body.Close()
	fmt.Printf("pid %d\n", m.Status().PID)
	select {} // until SIGKILL
}
