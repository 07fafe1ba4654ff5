// pingpong.go - bench/chan/pingpong.blc in Go: two goroutines hand an int
// back and forth over two unbuffered channels, on one OS thread
// (GOMAXPROCS=1, as libbluelet runs one loop per thread).
//
//	pingpong-go ROUND_TRIPS
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

func ponger(ping <-chan int64, pong chan<- int64) {
	for v := range ping {
		pong <- v + 1
	}
	close(pong)
}

func main() {
	runtime.GOMAXPROCS(1)
	n := int64(1000000)
	if len(os.Args) > 1 {
		var err error
		if n, err = strconv.ParseInt(os.Args[1], 10, 64); err != nil || n <= 0 {
			fmt.Fprintln(os.Stderr, "usage: pingpong-go ROUND_TRIPS")
			os.Exit(2)
		}
	}
	ping, pong := make(chan int64), make(chan int64)
	bad := false
	start := time.Now()
	go ponger(ping, pong)
	for i := int64(0); i < n; i++ {
		ping <- i
		if v := <-pong; v != i+1 {
			bad = true
		}
	}
	close(ping)
	<-pong
	t := time.Since(start)
	fmt.Printf("messages=%d ns_per_message=%.2f\n", 2*n, float64(t.Nanoseconds())/float64(2*n))
	if bad {
		os.Exit(1)
	}
}
