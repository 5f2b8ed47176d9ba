package dev.berth.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import dev.berth.testing.TempDirs

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

    /** One sh call: the script, whether it asked for the status or the output, and the variables withEnv set around it. */
    static class ShCall {
        String script
        boolean returnStatus
        boolean returnStdout
        Map<String, String> env
    }

    /** A berth run read back from its sh script: how berth was started, its arguments, and its files. */
    static class BerthCall {
        List<String> launcher
        List<String> argv
        String resultFile
        String errFile
        String reportDir

        String subcommand() {
            return argv[0] == 'rollback' && argv.contains('--plan') ? 'rollback --plan' : argv[0]
        }
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
    /** Answers an sh call that returns its output; the default runs it with sh in the workspace. */
    Closure<String> shOutput = { ShCall call -> runForReal(call, [PATH: '/usr/bin:/bin']).output }
    /** What the input step answers (the approver); null means nobody approved: the build aborts. */
    String inputAnswer = null
    /** The home of the 'berth' tool installation, or null when there is none. */
    String toolHome = null

    private final List<Map<String, String>> envStack = []

    PipelineHarness(Mode mode) {
        this.mode = mode
        this.test = mode == Mode.CPS ? new BasePipelineTestCPS() : new BasePipelineTest() {}
        this.workspace = TempDirs.create('berth-workspace')
        this.scripts = TempDirs.create('berth-pipelines')
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
        Path libraries = TempDirs.create('berth-libraries')
        Files.createSymbolicLink(libraries.resolve('berth@main'), repositoryRoot())
        test.scriptRoots = [scripts.toString()] as String[]
        test.scriptExtension = 'jenkins'
        test.setUp()
        def helper = test.helper
        helper.registerSharedLibrary(library().name('berth').defaultVersion('main').implicit(true).allowOverride(false)
                .targetPath(libraries.toString()).retriever(localSource(libraries.toString())).build())

        helper.registerAllowedMethod('sh', [Map], { Map args ->
            ShCall call = new ShCall(script: args.script.toString(), returnStatus: args.returnStatus == true,
                    returnStdout: args.returnStdout == true, env: currentEnv())
            shCalls << call
            if (call.returnStdout) {
                return shOutput.call(call)
            }
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

    /** Runs each sh script with sh -e (as Jenkins does) in the workspace, with {@code base} and withEnv's variables as its environment. */
    void runShForReal(Map<String, String> base) {
        sh = { ShCall call ->
            Map result = runForReal(call, base)
            if (!result.output.isEmpty()) {
                log << result.output
            }
            return result.status
        }
    }

    Map runForReal(ShCall call, Map<String, String> base) {
        ProcessBuilder builder = new ProcessBuilder('sh', '-e', '-c', call.script).directory(workspace.toFile())
                .redirectErrorStream(!call.returnStdout)
        builder.environment().clear()
        builder.environment().putAll(base)
        builder.environment().putAll(call.env)
        if (call.returnStdout) {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT)
        }
        Process process = builder.start()
        String output = new String(process.inputStream.readAllBytes(), StandardCharsets.UTF_8)
        return [status: process.waitFor(), output: output]
    }

    /** The sh scripts run, in order, without the PATH probe and the listings. */
    List<String> berthCommands() {
        return shCalls.findAll { !it.script.startsWith('command -v') && !it.returnStdout }.collect { it.script }
    }

    /** The berth runs, read back from their sh scripts. */
    List<BerthCall> berthCalls() {
        return berthCommands().collect { parse(it) }
    }

    static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile('(?s)^mkdir -p \\.berth && (?:rm -rf \'[^\']+\' && )?\\{ \\{ (.*) 2>&1 >\'([^\']+)\' && echo 0 >\'([^\']+)\' \\|\\| echo \\$\\? >\'\\3\'; \\} \\| tee \'([^\']+)\' >&2; \\} && exit "\\$\\(cat \'\\3\'\\)"$')

    /** One berth run's sh script taken apart as the shell would: the words of the command, berth's arguments, its files. */
    static BerthCall parse(String script) {
        def m = RUN.matcher(script)
        if (!m.matches()) {
            throw new AssertionError("not a berth run: ${script}")
        }
        List<String> words = shellWords(m.group(1))
        int start = words[0] == 'java' && words[1] == '-jar' ? 3 : 1
        List<String> argv = words.subList(start, words.size())
        String report = argv.find { it.startsWith('--report=') }
        return new BerthCall(launcher: words.subList(0, start), argv: argv, resultFile: m.group(2), errFile: m.group(4),
                reportDir: report?.substring('--report='.length()))
    }

    /** The words of a command line of bare and single-quoted words, as sh reads them; anything else is an error. */
    static List<String> shellWords(String line) {
        List<String> words = []
        StringBuilder word = null
        int i = 0
        while (i < line.length()) {
            char c = line.charAt(i)
            if (c == (' ' as char)) {
                if (word != null) {
                    words << word.toString()
                    word = null
                }
                i++
            } else if (c == ('\'' as char)) {
                int end = line.indexOf('\'', i + 1)
                if (end < 0) {
                    throw new AssertionError("unclosed quote in: ${line}")
                }
                word = (word == null ? new StringBuilder() : word).append(line, i + 1, end)
                i = end + 1
            } else if (c == ('\\' as char) && i + 1 < line.length() && line.charAt(i + 1) == ('\'' as char)) {
                word = (word == null ? new StringBuilder() : word).append('\'')
                i += 2
            } else if (Character.isLetterOrDigit(c) || '-_./'.indexOf((int) c) >= 0) {
                word = (word == null ? new StringBuilder() : word).append(c)
                i++
            } else {
                throw new AssertionError("the shell would act on ${String.valueOf(c).inspect()} in: ${line}")
            }
        }
        if (word != null) {
            words << word.toString()
        }
        return words
    }

    /** Writes what berth would print to its result file (stdout) and to its stderr copy. */
    void writeResult(BerthCall call, String json, String stderr = '') {
        [(call.resultFile): json, (call.errFile): stderr].each { String path, String text ->
            Path file = workspace.resolve(path)
            Files.createDirectories(file.parent)
            Files.write(file, (text ?: '').getBytes(StandardCharsets.UTF_8))
        }
    }

    /** Writes a report where --report asks for one, as berth does with a verdict. */
    void writeReport(BerthCall call) {
        if (call.reportDir != null) {
            Path dir = workspace.resolve(call.reportDir)
            Files.createDirectories(dir)
            ['result.json', 'timeline.svg', 'report.html'].each { Files.write(dir.resolve(it), new byte[0]) }
        }
    }

    /**
     * Answers each berth command by its subcommand ('rollback --plan' for a rollback's plan):
     * [exit status, what berth prints on stdout (null: nothing), what it prints on stderr (optional)].
     */
    void answer(Map<String, List> bySubcommand) {
        sh = { ShCall call ->
            if (call.script.startsWith('command -v berth')) {
                return 1
            }
            BerthCall berth = parse(call.script)
            def removed = (call.script =~ /rm -rf '([^']+)' && /)
            if (removed.find()) {
                workspace.resolve(removed.group(1)).toFile().deleteDir() // what the shell would do
            }
            List response = bySubcommand[berth.subcommand()]
            if (response == null) {
                throw new AssertionError("no answer for berth ${berth.subcommand()}: ${call.script}")
            }
            writeResult(berth, response[1]?.toString(), response.size() > 2 ? response[2]?.toString() : '')
            if (response[1] != null) {
                writeReport(berth)
            }
            return response[0] as int
        }
    }
}
