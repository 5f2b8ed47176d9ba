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
 * Build parameters are user input. Every string option of every step gets hostile values, and the
 * steps' sh commands really run in bash against a stand-in for berth that records the arguments it
 * receives: each value arrives as one literal argument, or the step refuses it, and nothing a value
 * says is ever executed.
 */
class InjectionCorpusTest {
    static Path root
    static Path marker
    static Path probe
    static Path argvLog

    /** Values a person could type into a build parameter; MARKER is replaced by a file that must never appear. */
    static final List<String> CORPUS = [
        "it's", "'", "''", '"', "a'b\"c",
        "'; touch MARKER; '", '"; touch MARKER; "', '$(touch MARKER)', '`touch MARKER`', '${IFS}touch${IFS}MARKER',
        'x; touch MARKER', 'x && touch MARKER', 'x | touch MARKER', 'x > MARKER', '$(touch MARKER)$HOME',
        'first line\ntouch MARKER', 'tab\there', '  leading and trailing  ', 'two  spaces', '*', '~', '!!', 'a\\b', '\\',
        '--output=text', '-h', '1; rm -rf MARKER_DIR',
        'версия-1.0', '发布', '🚀 release', '\u202Eevil', 'café\u0301',
    ]

    @BeforeAll
    static void probeForBerth() {
        root = Files.createTempDirectory('berth-injection')
        marker = root.resolve('marker')
        argvLog = root.resolve('argv')
        probe = root.resolve('berth-probe')
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
        return value.replace('MARKER_DIR', root.toString()).replace('MARKER', marker.toString())
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

    /** Each case: a pipeline reading the hostile value from the variable 'value', and how the value reaches berth. */
    static final Map<String, String> CASES = [
        'ecsDeploy stack'              : "ecsDeploy(cli: probe, stack: value, version: '1')",
        'ecsDeploy version'            : "ecsDeploy(cli: probe, stack: 'web', version: value)",
        'ecsDeploy parameter'          : "ecsDeploy(cli: probe, stack: 'web', version: '1', parameter: value)",
        'ecsDeploy repositoryParameter': "ecsDeploy(cli: probe, stack: 'web', version: '1', repositoryParameter: value)",
        'ecsDeploy timeout'            : "ecsDeploy(cli: probe, stack: 'web', version: '1', timeout: value)",
        'ecsDeploy reason'             : "ecsDeploy(cli: probe, stack: 'web', version: '1', reason: value)",
        'ecsDeploy region'             : "ecsDeploy(cli: probe, stack: 'web', version: '1', region: value)",
        'ecsDeploy profile'            : "ecsDeploy(cli: probe, stack: 'web', version: '1', profile: value)",
        'ecsDeploy roleArn'            : "ecsDeploy(cli: probe, stack: 'web', version: '1', roleArn: value)",
        'ecsDeploy endpointUrl'        : "ecsDeploy(cli: probe, stack: 'web', version: '1', endpointUrl: value)",
        'ecsDeploy push repository'    : "ecsDeploy(cli: probe, stack: 'web', version: '1', push: [repository: value])",
        'ecrPush repository'           : "ecrPush(cli: probe, repository: value, tag: '1')",
        'ecrPush tag'                  : "ecrPush(cli: probe, repository: 'team/web', tag: value)",
        'ecrPush tags'                 : "ecrPush(cli: probe, repository: 'team/web', tag: '1', tags: [value])",
        'ecrPush context'              : "ecrPush(cli: probe, repository: 'team/web', tag: '1', context: value)",
        'ecrPush dockerfile'           : "ecrPush(cli: probe, repository: 'team/web', tag: '1', dockerfile: value)",
        'ecrPush buildArgs value'      : "ecrPush(cli: probe, repository: 'team/web', tag: '1', buildArgs: [NAME: value])",
        'ecrPush buildArgs name'       : "ecrPush(cli: probe, repository: 'team/web', tag: '1', buildArgs: [(value): 'v'])",
        'ecrPush buildNetwork'         : "ecrPush(cli: probe, repository: 'team/web', tag: '1', buildNetwork: value)",
        'ecrPush tar'                  : "ecrPush(cli: probe, repository: 'team/web', tag: '1', tar: value)",
        'ecrPush image'                : "ecrPush(cli: probe, repository: 'team/web', tag: '1', image: value)",
        'ecrPush keepLast'             : "ecrPush(cli: probe, repository: 'team/web', tag: '1', keepLast: value)",
        'ecsRollback stack'            : "ecsRollback(cli: probe, stack: value, reason: 'r')",
        'ecsRollback reason'           : "ecsRollback(cli: probe, stack: 'web', reason: value)",
        'ecsRollback to'               : "ecsRollback(cli: probe, stack: 'web', reason: 'r', to: value)",
        'ecsRollback parameter'        : "ecsRollback(cli: probe, stack: 'web', reason: 'r', parameter: value)",
        'ecsRollback timeout'          : "ecsRollback(cli: probe, stack: 'web', reason: 'r', timeout: value)",
        'ecsRollback approvers'        : "ecsRollback(cli: probe, stack: 'web', reason: 'r', approvers: [value])",
        'ecsDeployParameters stack'    : "ecsDeployParameters(cli: probe, stack: value)",
        'ecsStatus stack'              : "ecsStatus(cli: probe, stack: value)",
        'ecsRelease stack'             : "params.ACTION = 'deploy'; params.VERSION = '1'; params.REASON = ''; ecsRelease(cli: probe, stack: value)",
        'ecsRelease VERSION'           : "params.ACTION = 'deploy'; params.VERSION = value; params.REASON = ''; ecsRelease(cli: probe, stack: 'web')",
        'ecsRelease REASON'            : "params.ACTION = 'deploy'; params.VERSION = '1'; params.REASON = value; ecsRelease(cli: probe, stack: 'web')",
        'ecsRelease ROLLBACK_TO'       : "params.ACTION = 'rollback'; params.ROLLBACK_TO = value; params.REASON = ''; ecsRelease(cli: probe, stack: 'web')",
    ]

    @Test
    void everyHostileValueArrivesAsOneLiteralArgumentOrIsRefusedAndNoneRuns() {
        PipelineHarness p = new PipelineHarness(PipelineHarness.Mode.NORMAL).setUp()
        p.runShForReal([PROBE_LOG: argvLog.toString(), PATH: '/usr/bin:/bin', HOME: root.toString()])
        p.variable('probe', probe.toString())
        p.inputAnswer = 'approver'
        int literal = 0
        int refused = 0
        List<String> problems = []
        CASES.each { String name, String pipeline ->
            for (String raw : CORPUS) {
                String value = hostile(raw)
                Files.deleteIfExists(argvLog)
                p.inputs.clear()
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
                if (Files.exists(marker)) {
                    fail("${name} = ${raw.inspect()} ran something: ${marker} appeared")
                }
                boolean arrived = calls().any { List<String> args -> args.contains(value) || args.contains('NAME=' + value) || args.contains(value + '=v') } ||
                        p.inputs.any { it.submitter == value }
                if (arrived) {
                    literal++
                } else if (failure instanceof PipelineHarness.Abort && failure.message.startsWith(name.split(' ')[0] + ':')) {
                    refused++ // e.g. a blank value for a required option
                } else {
                    problems << "${name} = ${raw.inspect()}: neither one literal argument nor a refusal (${failure}) in ${calls()}".toString()
                }
            }
        }
        assertThat(problems).isEmpty()
        assertThat(Files.exists(marker)).isFalse()
        println "injection corpus: ${CASES.size()} options x ${CORPUS.size()} values: ${literal} arrived literally, ${refused} refused, none ran"
        assertThat(literal).isGreaterThan(CASES.size() * CORPUS.size() * 9 / 10 as int)
    }

    @Test
    void aNulCharacterIsRefusedNamingTheOption() {
        PipelineHarness p = new PipelineHarness(PipelineHarness.Mode.NORMAL).setUp()
        p.runShForReal([PROBE_LOG: argvLog.toString(), PATH: '/usr/bin:/bin'])
        p.variable('probe', probe.toString())
        p.variable('value', 'a\u0000b')
        Files.deleteIfExists(argvLog)
        try {
            p.run("ecsDeploy(cli: probe, stack: 'web', version: '1', reason: value)")
            fail('a NUL character was accepted')
        } catch (PipelineHarness.Abort expected) {
            assertThat(expected.message).isEqualTo("ecsDeploy: option 'reason' contains a NUL character")
        }
        assertThat(calls()).isEmpty()
    }
}
