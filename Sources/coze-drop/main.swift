import CozeDropCLI
import Foundation

let status = await CozeDropMain.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(status)
