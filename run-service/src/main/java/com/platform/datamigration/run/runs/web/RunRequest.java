package com.platform.datamigration.run.runs.web;

import com.platform.datamigration.run.runs.RunOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/data-migration/runs}: the mappings to run, in any order (the run orders them), and options.
 */
public record RunRequest(@NotEmpty @Size(max = 50) List<@NotNull UUID> mappingIds, @Valid Options options) {

    /**
     * @param failOnRejects        fail the run on the first rejected row (the same as {@code maxRejectedFraction: 0})
     * @param maxRejectedFraction  the run fails when more than this fraction of rows is rejected; default 0.1
     * @param chunkSize            rows per chunk; default from the service's configuration
     * @param parallelism          chunks of this run in flight at once across all workers; default unlimited
     * @param reconcile            compare count and hash of every chunk after writing it; default true
     * @param pushdown             let a PostgreSQL source compute the mapping inside its COPY; default true. False maps
     *                             every row in the workers, sparing the source's CPU
     */
    public record Options(Boolean dryRun, Boolean failOnRejects,
                          @DecimalMin("0.0") @DecimalMax("1.0") Double maxRejectedFraction,
                          @Min(1_000) @Max(5_000_000) Integer chunkSize,
                          @Min(1) @Max(256) Integer parallelism,
                          Boolean reconcile,
                          Boolean pushdown) {
    }

    RunOptions resolvedOptions(int defaultChunkSize) {
        Options o = options == null ? new Options(null, null, null, null, null, null, null) : options;
        double fraction = Boolean.TRUE.equals(o.failOnRejects()) ? 0.0 : o.maxRejectedFraction() == null ? 0.1 : o.maxRejectedFraction();
        return new RunOptions(Boolean.TRUE.equals(o.dryRun()), fraction, o.chunkSize() == null ? defaultChunkSize : o.chunkSize(),
                o.parallelism(), o.reconcile() == null || o.reconcile(), o.pushdown() == null || o.pushdown());
    }
}
