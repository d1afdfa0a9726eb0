package com.platform.datamigration.run.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RejectsTest {

    private static Reject reject(int i) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("id", Integer.toString(i));
        Map<String, String> raw = new HashMap<>();
        raw.put("dob_txt", i % 7 == 0 ? null : "31/02/19" + i);
        raw.put("notes", i % 5 == 0 ? "" : "Zoë ✓ " + "x".repeat(i % 3 == 0 ? 70_000 : 3));
        return new Reject(key, i % 11 == 0 ? null : raw, i % 2 == 0 ? "birth_date" : null, "UNPARSEABLE_DATE",
                "reason " + i, i % 3 == 0);
    }

    @Test
    void everyRejectComesBackOnceInOrderWhetherKeptOrSpilledAndTheSpillIsDeleted() throws Exception {
        int n = Rejects.IN_MEMORY * 3 + 17;
        List<Reject> expected = new ArrayList<>();
        Path spill;
        try (Rejects rejects = new Rejects()) {
            for (int i = 0; i < n; i++) {
                expected.add(reject(i));
                rejects.add(reject(i));
            }
            assertThat(rejects.size()).isEqualTo(n);
            assertThat(rejects.refusedByTarget()).isEqualTo(expected.stream().filter(Reject::refusedByTarget).count());
            List<Reject> first = new ArrayList<>();
            rejects.forEach(first::add);
            assertThat(first).containsExactlyElementsOf(expected);
            List<Reject> second = new ArrayList<>();
            rejects.forEach(second::add);
            assertThat(second).as("iterable twice").containsExactlyElementsOf(expected);
            try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                spill = files.filter(p -> p.getFileName().toString().startsWith("dm-rejects-")).findFirst().orElseThrow();
            }
        }
        assertThat(spill).doesNotExist();
    }

    @Test
    void fewRejectsStayInMemory() {
        try (Rejects rejects = new Rejects()) {
            for (int i = 0; i < 10; i++) {
                rejects.add(reject(i));
            }
            assertThat(rejects).hasSize(10);
            assertThat(Rejects.none().isEmpty()).isTrue();
        }
    }
}
