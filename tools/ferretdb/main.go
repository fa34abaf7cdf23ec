// Command roster-ferretdb runs FerretDB's embeddable package on the SQLite
// handler for Roster's embedded store.
//
// Why a module of our own: `go install .../cmd/ferretdb` builds a binary that
// panics at start-up (its version.txt is not in the published module), while the
// public `ferretdb` package embeds cleanly, with telemetry off and no state file.
//
// Protocol with the launcher (src/store/embedded/): the process prints one JSON
// line {"uri": "..."} on stdout once it listens, and exits when it receives
// SIGINT/SIGTERM or when its stdin closes (the launcher died), so it never
// outlives Roster.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "", "data directory (created if missing)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	flag.Parse()

	if err := run(*dir, *listen, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, `{"level":"error","msg":%q}`+"\n", err.Error())
		os.Exit(1)
	}
}

func run(dir, listen, logLevel string) error {
	if dir == "" {
		return fmt.Errorf("--dir is required")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return fmt.Errorf("cannot create data directory %s: %w", abs, err)
	}

	// FerretDB 1.x applies updates in its own process, so two servers on one
	// directory would lose writes: the directory belongs to exactly one process.
	unlock, err := lockDir(abs)
	if err != nil {
		return err
	}
	defer unlock()

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad --log-level %q", logLevel)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + string(filepath.Separator),
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	line, _ := json.Marshal(map[string]string{"uri": f.MongoDBURI()})
	fmt.Println(string(line))

	return <-done
}

func lockDir(dir string) (func(), error) {
	path := filepath.Join(dir, "roster-store.lock")
	fh, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(fh.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		fh.Close()
		return nil, fmt.Errorf("data directory %s is in use by another Roster process (lock %s held)", dir, path)
	}
	return func() { fh.Close() }, nil
}
