"""Pipeline stages: datatrove `PipelineStep`s and filters working on `Document`s."""
