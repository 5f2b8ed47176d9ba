package dev.berth.engine.history;

import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.deploy.OperationTokens;
import dev.berth.engine.history.HistoryEntry.Ending;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How an operation's end is named, and what an entry says about who ran it. */
class HistoryEntryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CREATE_COMPLETE, SUCCEEDED", "UPDATE_COMPLETE, SUCCEEDED", "IMPORT_COMPLETE, SUCCEEDED",
            "UPDATE_ROLLBACK_COMPLETE, ROLLED_BACK", "ROLLBACK_COMPLETE, ROLLED_BACK", "IMPORT_ROLLBACK_COMPLETE, ROLLED_BACK",
            "UPDATE_ROLLBACK_FAILED, NEEDS_ATTENTION", "ROLLBACK_FAILED, NEEDS_ATTENTION", "DELETE_COMPLETE, DELETED",
            "UPDATE_FAILED, FAILED", "CREATE_FAILED, FAILED", "SOMETHING_NEW, FAILED"})
    void theStacksFinalStatusNamesTheEnd(String status, Ending expected) {
        assertThat(Ending.of(status)).isEqualTo(expected);
    }

    @Test
    void anOperationStillRunningIsInProgress() {
        assertThat(Ending.of(null)).isEqualTo(Ending.IN_PROGRESS);
    }

    @Test
    void theVerbIsBerthsWhenBerthRanItElseCloudFormationsKind() {
        HistoryEntry.Operation update = new HistoryEntry.Operation("update", "UPDATE_COMPLETE", Ending.SUCCEEDED, null);
        HistoryEntry byHand = new HistoryEntry(T0, T0.plusSeconds(5), update, null, null);
        HistoryEntry byBerth = new HistoryEntry(T0, T0.plusSeconds(5), update,
                new OperationTokens.Parsed(DeployOptions.Verb.ROLLBACK, "rita", null), null);

        assertThat(byHand.verb()).isEqualTo("update");
        assertThat(byBerth.verb()).isEqualTo("rollback");
        assertThat(byHand.found()).as("a version found nowhere").isEqualTo(HistoryEntry.FoundVersion.NONE);
        assertThat(byHand.found().found()).isFalse();
        assertThat(byHand.succeeded()).isTrue();
    }
}
