package io.agentmemory.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchmarkOptionsTest {

    @Test
    void defaultsAreTheSuccessorOfThePythonBenchmarks() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[]{"--database-url", "postgresql://me@db:5433/app?sslmode=require"});
        assertThat(options.users()).isEqualTo(100);
        assertThat(options.operations()).isEqualTo(1000);
        assertThat(options.memories()).isEqualTo(100_000);
        assertThat(options.systems()).containsExactly("original", "service", "langchain4j", "springai");
        assertThat(options.databaseUrl()).isEqualTo("postgresql://me@db:5433/memory_bench?sslmode=require");
        assertThat(options.ownDatabase()).isTrue();
    }

    @Test
    void quickShrinksWhatIsNotGivenAndUsesItsOwnDatabase() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[]{"--quick", "--operations", "30",
                "--database-url", "postgresql://postgres@127.0.0.1:5432/postgres"});
        assertThat(options.operations()).isEqualTo(30);
        assertThat(options.users()).isEqualTo(10);
        assertThat(options.databaseUrl()).endsWith("/memory_bench_quick");
    }

    @Test
    void skipOriginalAndSystemsChooseWhatRuns() {
        assertThat(BenchmarkOptions.parse(new String[]{"--skip-original"}).systems())
                .containsExactly("service", "langchain4j", "springai");
        assertThat(BenchmarkOptions.parse(new String[]{"--systems", "langchain4j,service"}).systems())
                .isEqualTo(List.of("service", "langchain4j"));
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--systems", "mem0"}))
                .isInstanceOf(BenchmarkOptions.UsageException.class).hasMessageContaining("mem0");
    }

    @Test
    void useDatabaseTakesTheGivenDatabaseAndNeverRecreatesIt() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[]{"--use-database", "--database-url", "postgresql://u@h/mine"});
        assertThat(options.databaseUrl()).isEqualTo("postgresql://u@h/mine");
        assertThat(options.ownDatabase()).isFalse();
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--users", "0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--users"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--frobnicate"})).hasMessageContaining("unknown option");
    }

    @Test
    void theOneAtATimePhaseRunsInAFullRunAloneOnAskingAndOnlyWhereAsked() {
        BenchmarkOptions full = BenchmarkOptions.parse(new String[]{});
        assertThat(full.lambdaRequests()).isEqualTo(300);
        assertThat(full.lambdaOnly()).isFalse();
        assertThat(full.allowLoad()).isFalse();
        assertThat(BenchmarkOptions.parse(new String[]{"--quick"}).lambdaRequests()).as("the test suite's quick run leaves it out").isZero();
        BenchmarkOptions alone = BenchmarkOptions.parse(new String[]{"--quick", "--lambda-only", "--allow-load"});
        assertThat(alone.lambdaRequests()).isEqualTo(20);
        assertThat(alone.lambdaOnly()).isTrue();
        assertThat(alone.allowLoad()).isTrue();
        assertThat(BenchmarkOptions.parse(new String[]{"--lambda-requests", "0"}).lambdaRequests()).isZero();
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--lambda-only", "--lambda-requests", "0"}))
                .hasMessageContaining("--lambda-requests");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--lambda-only", "--conversations-only"}))
                .hasMessageContaining("exclude");
    }
}
