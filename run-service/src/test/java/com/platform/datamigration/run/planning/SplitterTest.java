package com.platform.datamigration.run.planning;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.DatabaseType;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SplitterTest {

    @Test
    @Timeout(5)
    void aKeySpanningTheWhole64BitRangeIsSplitWithoutOverflow() {
        List<Splitter.Range> two = Splitter.integerRanges(Long.MIN_VALUE, Long.MAX_VALUE, 2, 100_000, 10_000);
        assertThat(two).hasSize(1);
        assertThat(two.get(0).range().lowerValues()).isNull();
        assertThat(two.get(0).range().upperValues()).isNull();

        List<Splitter.Range> many = Splitter.integerRanges(Long.MIN_VALUE, Long.MAX_VALUE, 4_000_000, 1_000, 10_000);
        assertPartition(many, Long.MIN_VALUE, Long.MAX_VALUE, 10_000);
        assertThat(many).hasSize(4_000);
    }

    @Test
    @Timeout(5)
    void aFakedRowEstimateCannotPlanMoreChunksThanTheCap() {
        List<Splitter.Range> chunks = Splitter.integerRanges(1, 5_000_000_000L, Long.MAX_VALUE, 1_000, 10_000);
        assertThat(chunks).hasSizeLessThanOrEqualTo(10_000);
        assertPartition(chunks, 1, 5_000_000_000L, 10_000);
    }

    @Test
    void rangesPartitionTheKeySpaceForAnyBoundsAndSizes() {
        SplittableRandom random = new SplittableRandom(20261201);
        long[] edges = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -100_001, -10, -9, -1, 0, 1, 9, 10, 99, 100, 100_000, 100_001,
                Long.MAX_VALUE - 1, Long.MAX_VALUE};
        for (int i = 0; i < 20_000; i++) {
            long a = random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
            long b = random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
            long min = Math.min(a, b);
            long max = Math.max(a, b);
            long rows = random.nextInt(4) == 0 ? random.nextLong(0, Long.MAX_VALUE) : random.nextLong(0, 3_000_000);
            int chunkSize = 1_000 + random.nextInt(200_000);
            int cap = 1 + random.nextInt(500);
            assertPartition(Splitter.integerRanges(min, max, rows, chunkSize, cap), min, max, cap);
        }
    }

    /** Open at both ends, each upper bound the next lower bound, strictly increasing, inside (min, max], at most cap. */
    private static void assertPartition(List<Splitter.Range> chunks, long min, long max, int cap) {
        assertThat(chunks).isNotEmpty().hasSizeLessThanOrEqualTo(cap);
        assertThat(chunks.get(0).range().lowerValues()).isNull();
        assertThat(chunks.get(chunks.size() - 1).range().upperValues()).isNull();
        BigInteger previous = BigInteger.valueOf(min);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).range().lowerValues()).isEqualTo(chunks.get(i - 1).range().upperValues());
            BigInteger bound = new BigInteger(chunks.get(i).range().lowerValues().get(0));
            assertThat(bound).isGreaterThan(previous).isLessThanOrEqualTo(BigInteger.valueOf(max));
            previous = bound;
        }
    }

    @Test
    void boundariesAreNumberedInTheKeysOwnOrderOnEitherEngine() {
        assertThat(Splitter.of(DatabaseType.POSTGRESQL).boundaryQuery(List.of("clinic", "visit no"), List.of("text", "bigint"), "\"legacy\".\"visit\"", 5_000))
                .isEqualTo("SELECT \"clinic\"::text, \"visit no\"::text FROM (SELECT \"clinic\", \"visit no\", row_number() OVER "
                        + "(ORDER BY \"clinic\", \"visit no\") AS dm_rn FROM \"legacy\".\"visit\") dm_keys WHERE dm_rn % 5000 = 1 "
                        + "AND dm_rn > 1 ORDER BY dm_rn");
        assertThat(Splitter.of(DatabaseType.MARIADB).boundaryQuery(List.of("code`x"), List.of("varchar(12)"), "`legacy`.`visit`", 10))
                .isEqualTo("SELECT CAST(`code``x` AS CHAR) FROM (SELECT `code``x`, row_number() OVER (ORDER BY `code``x`) AS dm_rn "
                        + "FROM `legacy`.`visit`) dm_keys WHERE dm_rn % 10 = 1 AND dm_rn > 1 ORDER BY dm_rn");
        assertThat(Splitter.of(DatabaseType.MARIADB).boundaryQuery(List.of("uid", "kind"), List.of("binary(16)", "enum('b','a')"),
                "`legacy`.`visit`", 10))
                .startsWith("SELECT HEX(`uid`), CAST(`kind` + 0 AS CHAR) FROM (SELECT `uid`, `kind`, row_number() OVER "
                        + "(ORDER BY `uid`, `kind`)");
    }
}
