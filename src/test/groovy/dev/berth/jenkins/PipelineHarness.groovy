package dev.berth.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library
import static com.lesfurets.jenkins.unit.global.lib.LocalSource.localSource

/**
 * This repository loaded as the Jenkins library 'berth' into JenkinsPipelineUnit, in normal or CPS
 * mode, with the steps berth's vars use played as Jenkins plays them: error() aborts, withEnv sets
 * variables for the sh inside, readFile and fileExists see a real workspace. What sh does is up to
 * the test: answer for berth, or run bash for real.
 */
class PipelineHarness {
    enum Mode { NORMAL, CPS }

    /** What error() throws, as Jenkins' AbortException does. */
    static class Abort extends RuntimeException {
        Abort(String message) {
            super(message)
        }
    }

    /** One sh call: the script, whether it asked for the status, and the variables withEnv set around it. */
    static class ShCall {
        String script
        boolean returnStatus
        Map<String, String> env
    }

    final Mode mode
    final BasePipelineTest test
    final Path workspace
    final Path scripts
    final List<ShCall> shCalls = []
    final List<String> log = []
    final List<Map> archived = []
    final List<Map> inputs = []
    final Map<String, Object> env = [:]
    final Map<String, Object> params = [:]
    final Map<String, Object> currentBuild = [result: 'SUCCESS', description: null]

    /** Answers an sh call with an exit status; the default says berth is not on PATH and every other call succeeds. */
    Closure<Integer> sh = { ShCall call -> call.script.startsWith('command -v berth') ? 1 : 0 }
    /** What the input step answers (the approver); null means nobody approved: the build aborts. */
    String inputAnswer = null
    /** The home of the 'berth' tool installation, or null when there is none. */
    String toolHome = null

    private final List<Map<String, String>> envStack = []

    PipelineHarness(Mode mode) {
        this.mode = mode
        this.test = mode == Mode.CPS ? new BasePipelineTestCPS() : new BasePipelineTest() {}
        this.workspace = Files.createTempDirectory('berth-workspace')
        this.scripts = Files.createTempDirectory('berth-pipelines')
    }

    static Path repositoryRoot() {
        Path here = Paths.get('').toAbsolutePath()
        while (here != null && !Files.isDirectory(here.resolve('vars'))) {
            here = here.parent
        }
        if (here == null) {
            throw new IllegalStateException('run the tests from the repository: vars/ was not found')
        }
        return here
    }

    PipelineHarness setUp() {
        // LocalSource finds a library at <folder>/<name>@<version>: point one at this repository
        Path libraries = Files.createTempDirectory('berth-libraries')
        Files.createSymbolicLink(libraries.resolve('berth@main'), repositoryRoot())
        test.scriptRoots = [scripts.toString()] as String[]
        test.scriptExtension = 'jenkins'
        test.setUp()
        def helper = test.helper
        helper.registerSharedLibrary(library().name('berth').defaultVersion('main').implicit(true).allowOverride(false)
                .targetPath(libraries.toString()).retriever(localSource(libraries.toString())).build())

        helper.registerAllowedMethod('sh', [Map], { Map args ->
            ShCall call = new ShCall(script: args.script.toString(), returnStatus: args.returnStatus == true,
                    env: currentEnv())
            shCalls << call
            int status = sh.call(call)
            if (!call.returnStatus && status != 0) {
                throw new Abort("script returned exit code ${status}")
            }
            return call.returnStatus ? status : null
        })
        helper.registerAllowedMethod('error', [String], { String message -> throw new Abort(message) })
        helper.registerAllowedMethod('echo', [String], { String message -> log << message })
        helper.registerAllowedMethod('readFile', [String], { String path ->
            new String(Files.readAllBytes(workspace.resolve(path)), StandardCharsets.UTF_8)
        })
        helper.registerAllowedMethod('fileExists', [String], { String path -> Files.exists(workspace.resolve(path)) })
        helper.registerAllowedMethod('archiveArtifacts', [Map], { Map args -> archived << args })
        helper.registerAllowedMethod('withEnv', [List, Closure], { List entries, Closure body ->
            Map<String, String> vars = [:]
            entries.each { String entry -> vars[entry.substring(0, entry.indexOf('='))] = entry.substring(entry.indexOf('=') + 1) }
            envStack << vars
            try {
                return helper.callClosure(body) // runs CPS bodies to their end before the variables go
            } finally {
                envStack.remove(envStack.size() - 1)
            }
        })
        helper.registerAllowedMethod('tool', [Map], { Map args ->
            if (toolHome == null) {
                throw new Abort("No tool named ${args.name} found")
            }
            return toolHome
        })
        helper.registerAllowedMethod('input', [Map], { Map args ->
            inputs << args
            if (inputAnswer == null) {
                throw new Abort('Aborted by nobody')
            }
            return inputAnswer
        })
        helper.registerAllowedMethod('choice', [Map], { Map args -> [type: 'choice'] + args })
        helper.registerAllowedMethod('string', [Map], { Map args -> [type: 'string'] + args })
        helper.registerAllowedMethod('booleanParam', [Map], { Map args -> [type: 'booleanParam'] + args })
        test.binding.setVariable('env', env)
        test.binding.setVariable('params', params)
        test.binding.setVariable('currentBuild', currentBuild)
        return this
    }

    private Map<String, String> currentEnv() {
        Map<String, String> all = [:]
        envStack.each { all.putAll(it) }
        return all
    }

    private final Map<String, String> scriptNames = [:]

    /** Runs a pipeline whose text is {@code pipeline} (the library is implicit); returns what it returns. */
    Object run(String pipeline) {
        String name = scriptNames[pipeline]
        if (name == null) {
            name = "pipeline${scriptNames.size()}.jenkins"
            Files.write(scripts.resolve(name), pipeline.getBytes(StandardCharsets.UTF_8))
            scriptNames[pipeline] = name
        }
        return test.runScript(name)
    }

    /** Sets a variable the next pipelines can read, e.g. a value that should not be written into their text. */
    void variable(String name, Object value) {
        test.binding.setVariable(name, value)
    }

    /** Runs each sh script with bash in the workspace, with {@code base} and withEnv's variables as its environment. */
    void runShForReal(Map<String, String> base) {
        sh = { ShCall call ->
            ProcessBuilder builder = new ProcessBuilder('bash', '-c', call.script).directory(workspace.toFile())
                    .redirectErrorStream(true)
            builder.environment().putAll(base)
            builder.environment().putAll(call.env)
            Process process = builder.start()
            String output = new String(process.inputStream.readAllBytes(), StandardCharsets.UTF_8)
            if (!output.isEmpty()) {
                log << output
            }
            return process.waitFor()
        }
    }

    /** The sh scripts run, in order, without the PATH probe. */
    List<String> berthCommands() {
        return shCalls.findAll { !it.script.startsWith('command -v') }.collect { it.script }
    }

    /** Writes berth's JSON result where the sh command redirects it, as berth would. */
    void writeResult(String script, String json) {
        def redirect = (script =~ /> '([^']+)'$/)
        if (!redirect.find()) {
            throw new AssertionError("no result file in: ${script}")
        }
        Path file = workspace.resolve(redirect.group(1))
        Files.createDirectories(file.parent)
        Files.write(file, json.getBytes(StandardCharsets.UTF_8))
    }

    /** Writes a report where --report asks for one, as berth does with a verdict. */
    void writeReport(String script) {
        def report = (script =~ /'--report' '([^']+)'/)
        if (report.find()) {
            Path dir = workspace.resolve(report.group(1))
            Files.createDirectories(dir)
            ['result.json', 'timeline.svg', 'report.html'].each { Files.write(dir.resolve(it), new byte[0]) }
        }
    }

    /** Answers each berth command by its subcommand: [exit status, JSON written to the result file]. */
    void answer(Map<String, List> bySubcommand) {
        sh = { ShCall call ->
            if (call.script.startsWith('command -v berth')) {
                return 1
            }
            def subcommand = (call.script =~ /\.jar' '([a-z]+)'/)
            String name = subcommand.find() ? subcommand.group(1) : '?'
            if (name == 'rollback' && call.script.contains("'--plan'")) {
                name = 'rollback --plan'
            }
            def removed = (call.script =~ /rm -rf '([^']+)' && /)
            if (removed.find()) {
                workspace.resolve(removed.group(1)).toFile().deleteDir() // what bash would do
            }
            List response = bySubcommand[name]
            if (response == null) {
                throw new AssertionError("no answer for berth ${name}: ${call.script}")
            }
            if (response[1] != null) {
                writeResult(call.script, response[1].toString())
                writeReport(call.script)
            } else {
                writeResult(call.script, '') // the shell's redirect leaves an empty file
            }
            return response[0] as int
        }
    }
}
