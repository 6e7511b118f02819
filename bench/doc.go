// Package bench measures the gateway under load (runtime.md §13): a fake provider built for load, an open-loop
// generator at a fixed rate, a closed-loop one at saturation, streamed time to first byte, and a count of the
// database transactions the server runs. It prints figures and asserts none of them: `make bench` runs it
// (TestGatewayLoad, with BODHI_BENCH=1), and the README keeps one run's figures.
package bench
