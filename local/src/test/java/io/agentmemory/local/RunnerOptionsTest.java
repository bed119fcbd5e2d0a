package io.agentmemory.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnerOptionsTest {

    @Test
    void servesOnLoopbackPort3000ByDefault() {
        RunnerOptions options = RunnerOptions.parse();
        assertThat(options.mode()).isEqualTo(RunnerOptions.Mode.START_API);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(3000);
        assertThat(options.template()).isEmpty();
    }

    @Test
    void readsTheSamCliShapedCommands() {
        RunnerOptions serve = RunnerOptions.parse("start-api", "--port", "3100", "--template", "other.yaml");
        assertThat(serve.port()).isEqualTo(3100);
        assertThat(serve.template()).contains(Path.of("other.yaml"));

        RunnerOptions invoke = RunnerOptions.parse("invoke", "SearchMemoriesFunction", "-e", "events/search-memories.json");
        assertThat(invoke.mode()).isEqualTo(RunnerOptions.Mode.INVOKE);
        assertThat(invoke.functionId()).isEqualTo("SearchMemoriesFunction");
        assertThat(invoke.eventFile()).isEqualTo("events/search-memories.json");
    }

    @Test
    void rejectsIncompleteOrUnknownArguments() {
        assertThatThrownBy(() -> RunnerOptions.parse("invoke", "SearchMemoriesFunction")).hasMessageContaining("-e");
        assertThatThrownBy(() -> RunnerOptions.parse("--port", "http")).hasMessageContaining("--port");
        assertThatThrownBy(() -> RunnerOptions.parse("deploy")).hasMessageContaining("deploy");
        assertThatThrownBy(() -> RunnerOptions.parse("--verbose")).hasMessageContaining("--verbose");
    }
}
