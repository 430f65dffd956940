import BuiltInStages
// Imported here so this file, compiled with -static-stdlib (Package.swift), carries the link
// entries of the toolchain's static Foundation libraries in their order.
import Foundation
import PipelineCLI
import PipelineRunner

// Before anything opens a file: a closed stdin/stdout/stderr must not be reused by one.
StandardDescriptors.claim()
await PipelineCommand.main(environment: .builtIn)
