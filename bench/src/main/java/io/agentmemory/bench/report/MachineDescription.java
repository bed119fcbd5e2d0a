package io.agentmemory.bench.report;

import io.agentmemory.bench.data.BenchDatabase;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the figures were measured on: cores, memory, JVM, PostgreSQL and pgvector versions, and how busy it was. */
public final class MachineDescription {

    private MachineDescription() {
    }

    public static Map<String, String> describe(BenchDatabase database) throws SQLException {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memory", String.format(Locale.ROOT, "%.0f GiB", os.getTotalMemorySize() / 1024.0 / 1024 / 1024));
        }
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        try (Connection c = database.connect("bench-report"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), "
                     + "(SELECT extversion FROM pg_extension WHERE extname = 'vector')")) {
            rs.next();
            machine.put("postgresql", rs.getString(1));
            machine.put("pgvector", rs.getString(2));
        }
        return machine;
    }

    /**
     * The 1, 5 and 15 minute load averages: other work on the machine inflates latencies, so the figures are only
     * as quiet as the machine was.
     */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
