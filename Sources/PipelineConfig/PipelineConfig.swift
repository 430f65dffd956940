/// Loads pipeline YAML.
import PipelineKit
