package dev.berth.jenkins

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.fail

/**
 * Build parameters are an attacker's input. Every option of every step gets hostile values, and the
 * steps' sh commands really run in sh against a stand-in for berth that records the arguments it
 * receives. Each value either arrives as exactly one literal argument (the arguments of the run are
 * those of a run with a harmless value, that one value swapped in), or, when blank, leaves its
 * option out, or is refused by the step naming the option before anything runs. No value runs a
 * command, adds an argument (an endpoint, an @file), or changes who may approve.
 */
class InjectionCorpusTest {
    static Path root
    static Path marker
    static Path probe
    static Path argvLog
    static Path argsFile
    static final String SECRET = 'wJalrXUtnFEMI/K7MDENG/SECRETKEYEXAMPLE'

    /** Values an attacker could type into a build parameter; MARKER is a file that must never appear, ARGSFILE holds more options. */
    static final List<String> CORPUS = [
        "it's", "'", "''", '"', "a'b\"c", "'; touch MARKER; '", '"; touch MARKER; "', '$(touch MARKER)', '`touch MARKER`',
        '${IFS}touch${IFS}MARKER', 'x; touch MARKER', 'x && touch MARKER', 'x | touch MARKER', 'x > MARKER', '1; rm -rf MARKER_DIR',
        'first line\ntouch MARKER', 'carriage\rreturn', 'tab\there', '\u001b[2J\u001b[31mred', '\u001b]8;;http://127.0.0.1:9/\u0007link\u001b]8;;\u0007',
        'bell\u0007', 'nul\u0000byte', 'lone ' + String.valueOf((char) 0xD800) + ' high', 'lone ' + String.valueOf((char) 0xDC00) + ' low',
        'non' + String.valueOf((char) 0xFFFE) + 'character' + String.valueOf((char) 0xFFFF), '', ' ', '\t', '  leading and trailing  ', '*', '~', '!!', 'a\\b', '\\',
        '@ARGSFILE', '@~/.aws/credentials', '@', '--endpoint-url=http://127.0.0.1:9', '--output=text', '-h', '--help', '-', '--',
        'версия-1.0', '🚀 release', '\u202Eevil', 'café\u0301', 'x' * 100_000,
    ]

    /** Each option: [a pipeline reading the value from the variable 'value', the option as errors name it, a harmless value]. */
    static final Map<String, List<String>> CASES = cases()

    static Map<String, List<String>> cases() {
        Map<String, List<String>> cases = [
            'ecsDeploy stack'              : ["ecsDeploy(cli: probe, stack: value, version: '1')", 'stack', 'web'],
            'ecsDeploy version'            : ["ecsDeploy(cli: probe, stack: 'web', version: value)", 'version', '1.4.2'],
            'ecsDeploy push'               : ["ecsDeploy(cli: probe, stack: 'web', version: '1', push: [repository: value])", 'repository', 'team/web'],
            'ecsDeploy parameter'          : ["ecsDeploy(cli: probe, stack: 'web', version: '1', parameter: value)", 'parameter', 'Version'],
            'ecsDeploy repositoryParameter': ["ecsDeploy(cli: probe, stack: 'web', version: '1', repositoryParameter: value)", 'repositoryParameter', 'Repo'],
            'ecsDeploy timeout'            : ["ecsDeploy(cli: probe, stack: 'web', version: '1', timeout: value)", 'timeout', '20m'],
            'ecsDeploy reason'             : ["ecsDeploy(cli: probe, stack: 'web', version: '1', reason: value)", 'reason', 'weekly'],
            'ecsDeploy bakeTime'           : ["ecsDeploy(cli: probe, stack: 'web', version: '1', bakeTime: value)", 'bakeTime', '10m'],
            'ecsDeploy alarms'             : ["ecsDeploy(cli: probe, stack: 'web', version: '1', bakeTime: '10m', alarms: [value])", 'alarms', 'web-5xx'],
            'ecsDeploy alarms text'        : ["ecsDeploy(cli: probe, stack: 'web', version: '1', bakeTime: '10m', alarms: value)", 'alarms', 'web-5xx'],
            'ecrPush repository'           : ["ecrPush(cli: probe, repository: value, tag: '1')", 'repository', 'team/web'],
            'ecrPush tag'                  : ["ecrPush(cli: probe, repository: 'team/web', tag: value)", 'tag', '1.4.2'],
            'ecrPush tags'                 : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', tags: [value])", 'tags', 'f00d'],
            'ecrPush context'              : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', context: value)", 'context', 'app'],
            'ecrPush dockerfile'           : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', dockerfile: value)", 'dockerfile', 'Dockerfile'],
            'ecrPush buildArgs value'      : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', buildArgs: [NAME: value])", 'buildArgs', 'v1'],
            'ecrPush buildArgs name'       : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', buildArgs: [(value): 'v'])", 'buildArgs', 'NAME'],
            'ecrPush buildNetwork'         : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', buildNetwork: value)", 'buildNetwork', 'none'],
            'ecrPush tar'                  : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', tar: value)", 'tar', 'web.tar'],
            'ecrPush image'                : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', image: value)", 'image', 'web:1'],
            'ecrPush keepLast'             : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', keepLast: value)", 'keepLast', '30'],
            'ecrPush mutable'              : ["ecrPush(cli: probe, repository: 'team/web', tag: '1', mutable: value)", 'mutable', 'true'],
            'ecsRollback stack'            : ["ecsRollback(cli: probe, stack: value, reason: 'r', approvers: 'rita')", 'stack', 'web'],
            'ecsRollback reason'           : ["ecsRollback(cli: probe, stack: 'web', reason: value, approvers: 'rita')", 'reason', 'errors'],
            'ecsRollback to'               : ["ecsRollback(cli: probe, stack: 'web', reason: 'r', to: value, approvers: 'rita')", 'to', '1.4.1'],
            'ecsRollback approvers'        : ["ecsRollback(cli: probe, stack: 'web', reason: 'r', approvers: [value])", 'approvers', 'rita'],
            'ecsRollback approvers text'   : ["ecsRollback(cli: probe, stack: 'web', reason: 'r', approvers: value)", 'approvers', 'rita'],
            'ecsRollback parameter'        : ["ecsRollback(cli: probe, stack: 'web', reason: 'r', parameter: value, approvers: 'rita')", 'parameter', 'Version'],
            'ecsRollback timeout'          : ["ecsRollback(cli: probe, stack: 'web', reason: 'r', timeout: value, approvers: 'rita')", 'timeout', '20m'],
            'ecsDeployParameters stack'    : ["ecsDeployParameters(cli: probe, stack: value)", 'stack', 'web'],
            'ecsDeployParameters versions' : ["ecsDeployParameters(cli: probe, stack: 'web', versions: value)", 'versions', '5'],
            'ecsStatus stack'              : ["ecsStatus(cli: probe, stack: value)", 'stack', 'web'],
        ]
        String deploy = "params.ACTION = 'deploy'; params.VERSION = '1'; params.REASON = ''; params.DRY_RUN = false; "
        String rollback = "params.ACTION = 'rollback'; params.ROLLBACK_TO = ''; params.REASON = ''; params.DRY_RUN = false; "
        cases.putAll([
            'ecsRelease stack'             : [deploy + "ecsRelease(cli: probe, stack: value)", 'stack', 'web'],
            'ecsRelease approvers'         : [rollback + "ecsRelease(cli: probe, stack: 'web', approvers: value)", 'approvers', 'rita'],
            'ecsRelease parameter'         : [deploy + "ecsRelease(cli: probe, stack: 'web', parameter: value)", 'parameter', 'Version'],
            'ecsRelease timeout'           : [deploy + "ecsRelease(cli: probe, stack: 'web', timeout: value)", 'timeout', '20m'],
            'ecsRelease bakeTime'          : [deploy + "ecsRelease(cli: probe, stack: 'web', bakeTime: value)", 'bakeTime', '10m'],
            'ecsRelease alarms'            : [deploy + "ecsRelease(cli: probe, stack: 'web', bakeTime: '10m', alarms: [value])", 'alarms', 'web-5xx'],
            'ecsRelease ACTION'            : [deploy + "params.ACTION = value; ecsRelease(cli: probe, stack: 'web')", 'ACTION', 'deploy'],
            'ecsRelease VERSION'           : [deploy + "params.VERSION = value; ecsRelease(cli: probe, stack: 'web')", 'VERSION', '1.4.2'],
            'ecsRelease REASON'            : [deploy + "params.REASON = value; ecsRelease(cli: probe, stack: 'web')", 'REASON', 'weekly'],
            'ecsRelease DRY_RUN'           : [deploy + "params.DRY_RUN = value; ecsRelease(cli: probe, stack: 'web')", 'DRY_RUN', 'true'],
            'ecsRelease ROLLBACK_TO'       : [rollback + "params.ROLLBACK_TO = value; ecsRelease(cli: probe, stack: 'web', approvers: 'rita')", 'ROLLBACK_TO', '1.4.1'],
        ])
        Map<String, String> steps = [ecsDeploy: "ecsDeploy(cli: probe, stack: 'web', version: '1', ",
                                     ecrPush: "ecrPush(cli: probe, repository: 'team/web', tag: '1', ",
                                     ecsRollback: "ecsRollback(cli: probe, stack: 'web', reason: 'r', approvers: 'rita', ",
                                     ecsDeployParameters: "ecsDeployParameters(cli: probe, ", ecsStatus: "ecsStatus(cli: probe, stack: 'web', ",
                                     ecsRelease: deploy + "ecsRelease(cli: probe, stack: 'web', "]
        steps.each { String step, String call ->
            String stack = step == 'ecsDeployParameters' ? "stack: 'web', " : ''
            ['region': 'eu-west-1', 'profile': 'prod', 'roleArn': 'arn:aws:iam::123456789012:role/deployer',
             'endpointUrl': 'http://127.0.0.1:4566'].each { String option, String benign ->
                cases["${step} ${option}".toString()] = [call + stack + option + ': value)', option, benign]
            }
            List<String> flags = step in ['ecsDeploy', 'ecsRollback'] ? ['failBuild', 'description', 'archive', 'report'] :
                    (step == 'ecsRelease' ? ['failBuild', 'report'] : (step == 'ecsDeploy' ? ['pinDigest'] : []))
            flags.each { String option -> cases["${step} ${option}".toString()] = [call + stack + option + ': value)', option, 'true'] }
        }
        cases['ecsDeploy pinDigest'] = ["ecsDeploy(cli: probe, stack: 'web', version: '1', pinDigest: value)", 'pinDigest', 'true']
        return cases
    }

    @BeforeAll
    static void probeForBerth() {
        root = Files.createTempDirectory('berth-injection')
        marker = root.resolve('marker')
        argvLog = root.resolve('argv')
        probe = root.resolve('berth-probe')
        argsFile = root.resolve('args')
        Files.write(argsFile, '1.4.2 --endpoint-url=http://127.0.0.1:9\n'.bytes)
        Files.createDirectories(root.resolve('.aws'))
        Files.write(root.resolve('.aws/credentials'), "[default]\naws_secret_access_key = ${SECRET}\n".bytes)
        // records its arguments NUL-separated, one record per call, and answers like berth with a result every step reads
        Files.write(probe, ('#!/bin/sh\n' +
                'for a in "$@"; do printf \'%s\\000\' "$a" >> "$PROBE_LOG"; done\n' +
                'printf \'\\036\\000\' >> "$PROBE_LOG"\n' +
                'echo \'{"outcome":"SUCCEEDED","version":"1","previousVersion":"0","digest":"sha256:0","imageUri":"r@sha256:0",' +
                '"plan":{"stack":"s","currentVersion":"1","version":"0","unchanged":false,"changes":[]},"entries":[],"services":[]}\'\n')
                .getBytes(StandardCharsets.UTF_8))
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString('rwx------'))
    }

    @AfterAll
    static void clean() {
        root.toFile().deleteDir()
    }

    static String hostile(String value) {
        return value.replace('MARKER_DIR', root.toString()).replace('MARKER', marker.toString()).replace('ARGSFILE', argsFile.toString())
    }

    /** The arguments of every berth call since the log was cleared. */
    static List<List<String>> calls() {
        if (!Files.exists(argvLog)) {
            return []
        }
        List<List<String>> calls = []
        List<String> current = []
        for (String arg : new String(Files.readAllBytes(argvLog), StandardCharsets.UTF_8).split('\u0000', -1)) {
            if (arg == '\u001e') {
                calls << current
                current = []
            } else if (!arg.isEmpty() || !current.isEmpty()) {
                current << arg
            }
        }
        return calls
    }

    /** What a run did: berth's arguments (the report folder, named after the stack, left out) and whom it asked to approve. */
    static List<String> trace(PipelineHarness p) {
        List<List<String>> received = calls()
        assertThat(p.berthCalls()*.argv).as('the sh command, as the shell reads it, is what berth received').isEqualTo(received)
        List<String> trace = received.collect { List<String> args -> args.findAll { !it.startsWith('--report=') }.join('\u0000') }
        return trace + p.inputs.collect { "input:${it.submitter}".toString() }
    }

    /** Runs {@code pipeline} with {@code value}; returns [trace:, failure: (the step's error, or another throwable), ran:]. */
    static Map attempt(PipelineHarness p, String pipeline, String value) {
        Files.deleteIfExists(argvLog)
        p.inputs.clear()
        p.shCalls.clear()
        p.params.clear()
        p.variable('value', value)
        Throwable failure = null
        try {
            p.run(pipeline)
        } catch (Throwable t) {
            failure = t
            while (!(failure instanceof PipelineHarness.Abort) && failure.cause != null && failure.cause != failure) {
                failure = failure.cause
            }
        }
        return [trace: trace(p), failure: failure]
    }

    @Test
    void everyHostileValueArrivesAsOneLiteralArgumentOrIsLeftOutWhenBlankOrIsRefusedAndNoneRuns() {
        PipelineHarness p = new PipelineHarness(PipelineHarness.Mode.NORMAL).setUp()
        p.runShForReal([PROBE_LOG: argvLog.toString(), PATH: '/usr/bin:/bin', HOME: root.toString()])
        p.variable('probe', probe.toString())
        p.inputAnswer = 'approver'
        Map<String, Integer> counts = [literal: 0, left_out: 0, refused: 0]
        List<String> problems = []
        CASES.each { String name, List<String> spec ->
            Map benign = attempt(p, spec[0], spec[2])
            assertThat(benign.failure).as("${name} with ${spec[2]}").isNull()
            Map unset = attempt(p, spec[0], null)
            for (String raw : CORPUS) {
                String value = hostile(raw)
                Map run = attempt(p, spec[0], value)
                if (Files.exists(marker)) {
                    fail("${name} = ${raw.inspect()} ran something: ${marker} appeared")
                }
                String swapped = spec[1] == 'approvers' ? value.trim() : value
                List<String> literal = benign.trace.collect { it.replace(spec[2], swapped) }
                if (run.failure == null && run.trace == literal && !run.trace.isEmpty()) {
                    counts.literal++
                } else if (run.failure == null && value.trim().isEmpty() && run.trace == unset.trace && unset.failure == null) {
                    counts.left_out++
                } else if (run.failure instanceof PipelineHarness.Abort && run.failure.message ==~ /(?s)(ecs\w+|ecrPush): .*'${spec[1]}'.*/
                        && run.trace.isEmpty()) {
                    counts.refused++
                } else {
                    problems << "${name} = ${raw.take(60).inspect()}: ${run.failure} ${run.trace.collect { it.take(200) }}; literal would be ${literal}".toString()
                }
            }
        }
        assertThat(problems).isEmpty()
        assertThat(Files.exists(marker)).isFalse()
        assertThat(p.log.findAll { it.contains(SECRET) }).as('no secret in the log').isEmpty()
        println "injection corpus: ${CASES.size()} options x ${CORPUS.size()} values: ${counts}, none ran"
        assertThat(counts.literal).isGreaterThan(CASES.size() * 15)
    }

    /** cli and tool choose the program; a hostile one is run as one literal path, or refused, and never as a command line. */
    @Test
    void aHostileCliOrToolIsOneLiteralPathOrRefused() {
        PipelineHarness p = new PipelineHarness(PipelineHarness.Mode.NORMAL).setUp()
        List<String> tools = []
        p.test.helper.registerAllowedMethod('tool', [Map], { Map args -> tools << args.name; return null })
        p.answer([status: [0, '{"services":[]}']])
        List<String> problems = []
        for (String raw : CORPUS) {
            String value = hostile(raw)
            p.variable('value', value)
            p.shCalls.clear()
            tools.clear()
            Throwable cli = LibraryStepsTest.failureOrNull(p, "ecsStatus(stack: 'web', cli: value)")
            List<String> launcher = p.berthCalls() ? p.berthCalls()[0].launcher : null
            boolean literal = cli == null && (launcher == [value] || launcher == ['java', '-jar', value])
            boolean left = value.trim().isEmpty() // no cli: berth is looked for elsewhere
            boolean refused = cli instanceof PipelineHarness.Abort && cli.message ==~ /(?s)ecsStatus: .*'cli'.*/ && p.berthCalls().isEmpty()
            if (!literal && !left && !refused) {
                problems << "cli = ${raw.take(60).inspect()}: ${cli} ${launcher}".toString()
            }
            p.shCalls.clear()
            Throwable tool = LibraryStepsTest.failureOrNull(p, "ecsStatus(stack: 'web', tool: value)")
            if (!(tools == [value] || (tool instanceof PipelineHarness.Abort && tool.message ==~ /(?s)ecsStatus: .*'tool'.*/)
                    || value.trim().isEmpty())) {
                problems << "tool = ${raw.take(60).inspect()}: ${tool} ${tools}".toString()
            }
        }
        assertThat(problems).isEmpty()
    }
}
