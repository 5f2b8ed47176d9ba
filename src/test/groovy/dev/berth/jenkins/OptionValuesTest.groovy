package dev.berth.jenkins

import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource

import java.nio.file.Files
import java.nio.file.Paths

import static dev.berth.jenkins.LibraryStepsTest.failure
import static dev.berth.jenkins.LibraryStepsTest.harness
import static org.assertj.core.api.Assertions.assertThat

/**
 * Option values as pipelines and build parameters give them: booleans as strings, numbers as
 * strings, wrong types, approvers that name nobody, and values checked before a person is asked.
 */
class OptionValuesTest {
    static final String SUCCEEDED = LibraryStepsTest.SUCCEEDED
    static final String PLAN = LibraryStepsTest.ROLLBACK_PLAN

    static PipelineHarness answering(PipelineHarness.Mode mode) {
        PipelineHarness p = harness(mode)
        p.answer([deploy: [0, SUCCEEDED], push: [0, LibraryStepsTest.PUSHED], 'rollback --plan': [0, PLAN],
                  rollback: [0, SUCCEEDED], status: [0, '{"services":[]}'], history: [0, LibraryStepsTest.HISTORY],
                  plan: [0, '{"plan":{"stack":"web","currentVersion":"1","version":"2"}}']])
        return p
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void booleansAreTrueOrFalseOrTheirStringsAndNothingElse(PipelineHarness.Mode mode) {
        PipelineHarness p = answering(mode)
        p.run("ecsDeploy(stack: 'web', version: '1', pinDigest: 'false', report: 'False')")
        assertThat(p.berthCalls().last().argv).containsExactly('deploy', '--stack=web', '--version=1', '--output=json')
        p.run("ecsDeploy(stack: 'web', version: '1', pinDigest: ' TRUE ', report: false)")
        assertThat(p.berthCalls().last().argv).containsExactly('deploy', '--stack=web', '--version=1', '--pin-digest', '--output=json')
        p.run("ecrPush(repository: 'team/web', tag: '1', image: 'web:1', mutable: 'false')")
        assertThat(p.berthCalls().last().argv).doesNotContain('--mutable')
        p.run("ecrPush(repository: 'team/web', tag: '1', image: 'web:1', mutable: 'true')")
        assertThat(p.berthCalls().last().argv).contains('--mutable')

        p.answer([deploy: [4, LibraryStepsTest.ROLLED_BACK]])
        p.currentBuild.description = null
        Map verdict = p.run("return ecsDeploy(stack: 'web', version: '1.5.0-crash', failBuild: 'false', description: 'false')") as Map
        assertThat(verdict).containsEntry('outcome', 'ROLLED_BACK')
        assertThat(p.currentBuild.description).isNull()

        int ran = p.berthCalls().size()
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: '1', pinDigest: 'yes')"))
                .hasMessage("ecsDeploy: option 'pinDigest' must be true or false, got 'yes'")
        assertThat(failure(p, "ecrPush(repository: 'team/web', tag: '1', mutable: 0)"))
                .hasMessage("ecrPush: option 'mutable' must be true or false, got 0 (Integer)")
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: '1', failBuild: '')"))
                .hasMessage("ecsDeploy: option 'failBuild' must be true or false, got ''")
        assertThat(failure(p, "ecsRollback(stack: 'web', reason: 'r', archive: null)"))
                .hasMessage("ecsRollback: option 'archive' must be true or false, got null")
        p.params.putAll([ACTION: 'deploy', VERSION: '2', DRY_RUN: 'maybe'])
        assertThat(failure(p, "ecsRelease(stack: 'web')")).hasMessage("ecsRelease: option 'DRY_RUN' must be true or false, got 'maybe'")
        assertThat(p.berthCalls()).hasSize(ran)

        p.answer([plan: [0, '{"plan":{"stack":"web","currentVersion":"1","version":"2"}}']])
        p.params.DRY_RUN = 'TRUE'
        assertThat(p.run("return ecsRelease(stack: 'web')") as Map).containsEntry('outcome', 'PLANNED')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void approvalThatNamesNobodyIsRefusedBeforeAnythingRuns(PipelineHarness.Mode mode) {
        PipelineHarness p = answering(mode)
        p.inputAnswer = 'rita'
        Map nobody = ['[]': '[]', "','": "','", "['']": "['']", "[' ']": "[' ']", 'null': 'null', "' , '": "' , '",
                      '[null]': '[null]', "['', ' ,']": "['', ' ,']"]
        nobody.each { String label, String value ->
            Throwable thrown = failure(p, "ecsRollback(stack: 'web', reason: 'r', approvers: ${value})")
            assertThat(thrown.message).as(label).startsWith("ecsRollback: option 'approvers' ")
            p.params.putAll([ACTION: 'rollback', ROLLBACK_TO: '', REASON: 'r'])
            assertThat(failure(p, "ecsRelease(stack: 'web', approvers: ${value})").message).as(label)
                    .startsWith("ecsRelease: option 'approvers' ")
        }
        assertThat(failure(p, "ecsRollback(stack: 'web', reason: 'r', approvers: [])"))
                .hasMessage("ecsRollback: option 'approvers' names nobody (got [] (ArrayList)); name who may approve, " +
                        "or leave the option out to run without approval")
        assertThat(failure(p, "ecsRollback(stack: 'web', reason: 'r', approvers: ['rita,bob'])"))
                .hasMessage("ecsRollback: option 'approvers' holds 'rita,bob', which is not a user id or group " +
                        "(printable, no comma, at most 100 characters)")
        assertThat(failure(p, "ecsRollback(stack: 'web', reason: 'r', approvers: ['rita\\nbob'])").message)
                .contains("holds 'rita\\nbob'")
        assertThat(p.inputs).as('nobody was asked').isEmpty()
        assertThat(p.berthCalls()).as('nothing ran').isEmpty()

        p.run("ecsRollback(stack: 'web', reason: 'r', approvers: [' rita ', '', 'release-managers'])")
        assertThat(p.inputs*.submitter).containsExactly('rita,release-managers')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void theRollbacksOptionsAreCheckedBeforeAPersonIsAsked(PipelineHarness.Mode mode) {
        PipelineHarness p = answering(mode)
        p.inputAnswer = 'rita'
        Map bad = [
            "reason: 'line one\\nline two'": "ecsRollback: option 'reason' must be printable text on one line, at most 1024 characters, got 'line one\\nline two'",
            "reason: 'x' * 1025"           : "ecsRollback: option 'reason' must be printable text on one line, at most 1024 characters, got 'xxxxxxxx",
            "reason: 'r', timeout: 'soon'" : "ecsRollback: option 'timeout' must be a duration such as '20m', '90s', '1h30m' or 'PT20M', got 'soon'",
            "reason: 'r', timeout: '0m'"   : "ecsRollback: option 'timeout' must be a duration",
            "reason: 'r', timeout: [20]"   : "ecsRollback: option 'timeout' must be a string, got [20] (ArrayList)",
            "reason: 'r', rollbackGrace: 'later'": "ecsRollback: option 'rollbackGrace' must be a duration such as '20m', '90s', '1h30m' or 'PT20M', got 'later'",
            "reason: 'r', rollbackGrace: [5]"    : "ecsRollback: option 'rollbackGrace' must be a string, got [5] (ArrayList)",
            "reason: 'r', to: [v: 1]"      : "ecsRollback: option 'to' must be a string, got [v:1] (LinkedHashMap)",
            "reason: 'r', parameter: true" : "ecsRollback: option 'parameter' must be a string, got true (Boolean)",
            "reason: 'r', region: ['eu']"  : "ecsRollback: option 'region' must be a string, got [eu] (ArrayList)",
            "reason: 'r', failBuild: 'no'" : "ecsRollback: option 'failBuild' must be true or false, got 'no'",
        ]
        bad.each { String options, String message ->
            assertThat(failure(p, "ecsRollback(stack: 'web', approvers: ['rita'], ${options})").message).as(options).startsWith(message)
        }
        assertThat(p.inputs).as('nobody was asked').isEmpty()
        assertThat(p.berthCalls()).as('nothing ran, not even the plan').isEmpty()

        p.run("ecsRollback(stack: 'web', approvers: ['rita'], reason: 'r', timeout: '1h30m')")
        assertThat(p.inputs).hasSize(1)
        assertThat(p.berthCalls().last().argv).contains('--timeout=1h30m')
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void numbersMayBeStringsAndAnythingElseIsRefusedNamingTheOption(PipelineHarness.Mode mode) {
        PipelineHarness p = answering(mode)
        List parameters = p.run("return ecsDeployParameters(stack: 'web', versions: ' 1 ')") as List
        assertThat(parameters[2].choices).isEqualTo(['', '1.4.0'])
        assertThat(failure(p, "ecsDeployParameters(stack: 'web', versions: 'abc')"))
                .hasMessage("ecsDeployParameters: option 'versions' must be a whole number from 0 to 1000, got 'abc'")
        assertThat(failure(p, "ecsDeployParameters(stack: 'web', versions: 2.5)"))
                .hasMessage("ecsDeployParameters: option 'versions' must be a whole number from 0 to 1000, got 2.5 (BigDecimal)")
        p.run("ecrPush(repository: 'team/web', tag: '1', image: 'web:1', keepLast: '30')")
        assertThat(p.berthCalls().last().argv).contains('--keep-last=30')
        assertThat(failure(p, "ecrPush(repository: 'team/web', tag: '1', keepLast: -1)"))
                .hasMessage("ecrPush: option 'keepLast' must be a whole number from 1 to 10000, got -1 (Integer)")
        p.run("ecsDeploy(stack: 'web', version: 7, timeout: 600)")
        assertThat(p.berthCalls().last().argv).contains('--version=7', '--timeout=600')
        p.run("ecsDeploy(stack: 'web', version: 7, rollbackGrace: 120)")
        assertThat(p.berthCalls().last().argv).contains('--rollback-grace=120')
        assertThat(failure(p, "ecsDeploy(stack: 'web', version: 7, rollbackGrace: '0s')").message)
                .startsWith("ecsDeploy: option 'rollbackGrace' must be a duration")
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aLongestRepositoryNameGetsAShortResultFile(PipelineHarness.Mode mode) {
        PipelineHarness p = answering(mode)
        String repository = 'team/' + 'a' * 251
        assertThat(repository).hasSize(256)
        p.variable('repository', repository)
        Map pushed = p.run("return ecrPush(repository: repository, tag: '1', image: 'web:1')") as Map
        assertThat(pushed).containsEntry('digest', 'sha256:abc')
        String file = Paths.get(pushed.resultFile as String).fileName.toString()
        assertThat(file.length()).isLessThan(100)
        assertThat(p.workspace.resolve(pushed.resultFile as String)).exists()
        assertThat(p.berthCalls().last().argv).contains('--repository=' + repository)

        p.variable('other', 'team/' + 'a' * 250 + 'b')
        Map other = p.run("return ecrPush(repository: other, tag: '1', image: 'web:1')") as Map
        assertThat(other.resultFile).as('another long name, another file').isNotEqualTo(pushed.resultFile)
    }

    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void theDescriptionEscapesWhatAwsAndUsersWrite(PipelineHarness.Mode mode) {
        PipelineHarness p = answering(mode)
        p.answer([deploy: [0, '{"outcome":"SUCCEEDED","version":"2<i>","previousVersion":"1\\u001b[2J","why":"<script>x</script> \\u0007"}']])
        p.run("ecsDeploy(stack: 'web', version: '2', reason: '<script>x</script>', report: false)")
        assertThat(p.currentBuild.description as String)
                .isEqualTo('web: 1\\e[2J → 2&lt;i&gt; SUCCEEDED: &lt;script&gt;x&lt;/script&gt; \\u0007')

        p.answer(['rollback --plan': [0, '{"plan":{"stack":"web","currentVersion":"2\\u001b]8;;http://x/\\u0007","version":"1"}}'],
                  rollback: [0, SUCCEEDED]])
        p.inputAnswer = 'rita'
        p.run("ecsRollback(stack: 'web', reason: 'r', approvers: 'rita')")
        assertThat(p.inputs*.message*.toString()).containsExactly('Roll back web from 2\\e]8;;http://x/\\u0007 to 1?')
    }

    /** A value of the wrong type for every option of every step: refused, naming the step and the option, before berth runs. */
    @ParameterizedTest
    @EnumSource(PipelineHarness.Mode)
    void aWrongTypeForAnyOptionOfAnyStepIsRefusedNamingIt(PipelineHarness.Mode mode) {
        PipelineHarness p = answering(mode)
        p.params.putAll([ACTION: 'deploy', VERSION: '1', REASON: ''])
        Map base = [ecsDeploy: [stack: 'web', version: '1'], ecrPush: [repository: 'team/web', tag: '1'],
                    ecsRollback: [stack: 'web', reason: 'r'], ecsDeployParameters: [stack: 'web'], ecsRelease: [stack: 'web'],
                    ecsStatus: [stack: 'web']]
        List<String> checked = []
        base.each { String step, Map required ->
            String source = new String(Files.readAllBytes(VarsHelpTest.VARS.resolve(step + '.groovy')), 'UTF-8')
            List<String> options = VarsHelpTest.optionKeys(source, 'defaults') + VarsHelpTest.COMMON
            for (String option : options) {
                String wrong = option in ['push', 'buildArgs'] ? "['x']" : '[wrong: [1, 2]]'
                Map given = new LinkedHashMap(required)
                given.remove(option)
                String args = given.collect { k, v -> "${k}: '${v}'" }.join(', ')
                p.shCalls.clear()
                Throwable thrown = failure(p, "${step}(${(args ? args + ', ' : '')}${option}: ${wrong})")
                String delegated = step == 'ecsRelease' ? '(ecsRelease|ecsDeploy)' : step
                assertThat(thrown.message).as("${step} ${option}").matches("(?s)${delegated}: .*'${option}'.*")
                assertThat(p.berthCalls()).as("${step} ${option}: nothing ran").isEmpty()
                checked << "${step}.${option}".toString()
            }
        }
        assertThat(checked).hasSizeGreaterThan(50)
    }
}
