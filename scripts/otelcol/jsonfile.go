package main

import (
	"context"
	"errors"
	"os"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// jsonFileConfig: `path` is the file each batch of spans is appended to, one OTLP-JSON
// ExportTraceServiceRequest a line (the format of the contrib file exporter).
type jsonFileConfig struct {
	Path string `mapstructure:"path"`
}

func (c *jsonFileConfig) Validate() error {
	if c.Path == "" {
		return errors.New("path must be set")
	}
	return nil
}

type jsonFileExporter struct {
	path string
	mu   sync.Mutex
	file *os.File
}

func newJSONFileFactory() exporter.Factory {
	return exporter.NewFactory(
		component.MustNewType("jsonfile"),
		func() component.Config { return &jsonFileConfig{} },
		exporter.WithTraces(createJSONFileTraces, component.StabilityLevelDevelopment),
	)
}

func createJSONFileTraces(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Traces, error) {
	e := &jsonFileExporter{path: cfg.(*jsonFileConfig).Path}
	return exporterhelper.NewTraces(ctx, set, cfg, e.push,
		exporterhelper.WithStart(e.start), exporterhelper.WithShutdown(e.shutdown))
}

func (e *jsonFileExporter) start(context.Context, component.Host) error {
	f, err := os.OpenFile(e.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	e.file = f
	return err
}

// Each line is written with one unbuffered write, so a reader never sees half a batch.
func (e *jsonFileExporter) push(_ context.Context, td ptrace.Traces) error {
	line, err := (&ptrace.JSONMarshaler{}).MarshalTraces(td)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	_, err = e.file.Write(append(line, '\n'))
	return err
}

func (e *jsonFileExporter) shutdown(context.Context) error {
	if e.file == nil {
		return nil
	}
	return e.file.Close()
}
