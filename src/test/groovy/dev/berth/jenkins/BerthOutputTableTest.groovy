package dev.berth.jenkins

import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource

import java.nio.file.Files

import static org.assertj.core.api.Assertions.assertThat

/**
 * What each step makes of each thing berth may do: every exit code, with its result, with nothing,
 * with text that is not JSON and with JSON of another shape. Each row gives the build's end and a
 * fragment of its message; every failure is the step's own error (never a NullPointerException or a
 * parse exception), keeps the exit code and berth's own words. The README's Jenkins section holds
 * the same table.
 */
class BerthOutputTableTest {
    static final List<String> ALL = ['ecsDeploy', 'ecsRollback', 'ecrPush', 'ecsDeployParameters', 'ecsRelease', 'ecsStatus']
    static final List<String> VERDICTS = ['ecsDeploy', 'ecsRollback']
    static final List<String> OTHERS = ['ecrPush', 'ecsDeployParameters', 'ecsRelease', 'ecsStatus']
    static final List<String> ANYTHING = ['its result', 'nothing', 'not JSON', 'JSON of another shape']
    static final List<String> UNREADABLE = ['nothing', 'not JSON', 'JSON of another shape']

    /**
     * [steps, berth's exit code, what berth prints on stdout, the build, a fragment of the step's message,
     * and X in it: the previous version of berth's result, or the version running before the rollback (its plan's)].
     */
    static final List<List> TABLE = [
        [ALL, 0, ['its result'], 'passes', ''],
        [ALL, 0, ['nothing'], 'fails', 'berth exited 0 but printed no result'],
        [ALL, 0, ['not JSON'], 'fails', 'berth exited 0 but printed a result that is not JSON'],
        [ALL, 0, ['JSON of another shape'], 'fails', 'berth exited 0 but its result has no'],
        [ALL, 1, ANYTHING, 'fails', 'berth failed unexpectedly (exit 1)'],
        [ALL, 2, ANYTHING, 'fails', 'berth rejected the options (exit 2)'],
        [ALL - ['ecsDeployParameters'], 3, ANYTHING, 'fails', 'refused before changing anything (exit 3)'],
        [['ecsDeployParameters'], 3, ANYTHING, 'passes', 'no history for web: refused before changing anything (exit 3)'],
        [VERDICTS, 4, ['its result'], 'fails', 'failed and was rolled back; the service is safe on version X', '1.4.1'],
        [['ecsDeploy'], 4, UNREADABLE, 'fails', 'failed and was rolled back; the service is safe on the version it ran before'],
        [['ecsRollback'], 4, UNREADABLE, 'fails', 'failed and was rolled back; the service is safe on version X (before the rollback)', '1.4.2'],
        [OTHERS, 4, ANYTHING, 'fails', 'failed and rolled back (exit 4)'],
        [ALL, 5, ANYTHING, 'fails', 'failed and needs attention (exit 5)'],
        [ALL, 6, ANYTHING, 'fails', 'timed out (exit 6)'],
        [ALL, 127, ['nothing'], 'fails', 'berth or java was not found (exit 127)'],
    ]

    static final String SAID = 'berth: the last words'
    static final String REASON = 'the reason berth gave'

    /** What berth prints on stdout for {@code step} when it exits {@code code}. */
    static String stdout(String step, int code, String output) {
        switch (output) {
            case 'nothing': return null
            case 'not JSON': return 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space'
            case 'JSON of another shape': return '{"unexpected":[1,2,3]}'
        }
        Map outcomes = [4: 'ROLLED_BACK', 5: 'FAILED', 6: 'TIMED_OUT']
        switch (step) {
            case VERDICTS: return '{"outcome":"' + (outcomes[code] ?: 'SUCCEEDED') + '","version":"1.5.0","previousVersion":"1.4.1",' +
                    '"reason":"' + REASON + '"}'
            case 'ecrPush': return LibraryStepsTest.PUSHED
            case 'ecsDeployParameters': return LibraryStepsTest.HISTORY
            case 'ecsRelease': return '{"plan":{"stack":"web","currentVersion":"1.4.1","version":"1.5.0","changes":[]}}'
            default: return '{"stack":"web","services":[{"service":"web","status":"ACTIVE","running":1,"desired":1,"pending":0}]}'
        }
    }

    static final Map<String, List> RUNS = [
        ecsDeploy          : ['deploy', "return ecsDeploy(stack: 'web', version: '1.5.0')"],
        ecsRollback        : ['rollback', "return ecsRollback(stack: 'web', reason: 'r')"],
        ecrPush            : ['push', "return ecrPush(repository: 'team/web', tag: '1.5.0', image: 'web:1')"],
        ecsDeployParameters: ['history', "return ecsDeployParameters(stack: 'web')"],
        ecsRelease         : ['plan', "return ecsRelease(stack: 'web')"],
        ecsStatus          : ['status', "return ecsStatus(stack: 'web')"],
    ]

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void eachStepEndsAsTheTableSays(PipelineHarness.Mode mode) {
        PipelineHarness p = LibraryStepsTest.harness(mode)
        p.params.putAll([ACTION: 'plan', VERSION: '1.5.0', DRY_RUN: false, REASON: ''])
        List<String> problems = []
        int cases = 0
        for (List row : TABLE) {
            for (String step : row[0]) {
                for (String output : row[2]) {
                    String fragment = row.size() > 5 ? (row[4] as String).replace(' X', ' ' + row[5]).replace(' (before the rollback)', '') : row[4]
                    String problem = check(p, step, row[1] as int, output, row[3] as String, fragment)
                    if (problem != null) {
                        problems << "${step} exit ${row[1]} ${output}: ${problem}".toString()
                    }
                    cases++
                }
            }
        }
        assertThat(problems).isEmpty()
        assertThat(cases).isGreaterThan(150)
    }

    /** Runs one case; what is wrong with its end, or null. */
    static String check(PipelineHarness p, String step, int code, String output, String build, String fragment) {
        String subcommand = RUNS[step][0]
        p.answer([(subcommand): [code, stdout(step, code, output), SAID], 'rollback --plan': [0, LibraryStepsTest.ROLLBACK_PLAN]])
        p.log.clear()
        Throwable thrown = null
        try {
            p.run(RUNS[step][1] as String)
        } catch (Throwable t) {
            thrown = t
        }
        if (build == 'passes') {
            if (thrown != null) {
                return "the build failed: ${thrown}"
            }
            return fragment.isEmpty() || p.log.any { it.contains(fragment) && it.contains(SAID) } ? null : "the log lacks '${fragment}': ${p.log}"
        }
        if (thrown == null) {
            return 'the build passed'
        }
        Throwable abort = thrown
        while (!(abort instanceof PipelineHarness.Abort) && abort.cause != null && abort.cause != abort) {
            abort = abort.cause
        }
        if (!(abort instanceof PipelineHarness.Abort)) {
            return "not the step's error: ${thrown}"
        }
        String message = abort.message
        if (!message.startsWith(step + ': ') || !message.contains(fragment)) {
            return "message '${message}' lacks '${fragment}'"
        }
        if (!message.contains(code == 0 ? 'exited 0' : "exit ${code}")) {
            return "message '${message}' lacks the exit code"
        }
        if (!message.contains(SAID) && !message.contains(REASON)) {
            return "message '${message}' lacks berth's own words"
        }
        return null
    }

    /** The table as the README's Jenkins section shows it. */
    static List<String> markdown() {
        return TABLE.collect { List row ->
            String steps = row[0] == ALL ? 'every step' : (row[0] as List).join(', ')
            String outputs = row[2] == ANYTHING ? 'anything' : (row[2] as List).join(', ')
            "| ${steps} | ${row[1]} | ${outputs} | ${row[3]} | ${row[4] ? '`' + row[4] + '`' : ''} |".toString()
        }
    }

    @Test
    void theReadmeShowsTheSameTable() {
        String readme = new String(Files.readAllBytes(PipelineHarness.repositoryRoot().resolve('README.md')), 'UTF-8')
        String header = '| step | berth exits | berth prints (stdout) | the build | its message (or log line) says |'
        assertThat(readme).contains(header)
        List<String> lines = readme.substring(readme.indexOf(header)).readLines().drop(2).takeWhile { it.startsWith('|') }
        assertThat(lines).isEqualTo(markdown())
    }
}
