package com.platform.datamigration.run.loads;

import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Rejects;
import com.platform.datamigration.runtime.copy.BinaryCopyWriter;
import com.platform.datamigration.runtime.copy.CopyWriter;
import com.platform.datamigration.runtime.copy.TextCopyWriter;
import com.platform.datamigration.runtime.target.RowInsert;
import com.platform.datamigration.runtime.target.TargetRefusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.copy.CopyIn;

/**
 * Maps rows in Java and writes the good ones into the target, quarantining each failing row with its raw values.
 *
 * <p>Without lookups, one COPY streams the whole chunk while rows are still being read and mapped, so source, worker
 * and target work at the same time: binary when every column has an encoder, else (or after a value of a shape the
 * encoder cannot take) text, where the target's own conversion decides. Lookups query the target on the chunk's
 * connection, which an open COPY would block: such a mapping, and a chunk the target refuses part of, is written in
 * batches of text COPY, falling back to one insert per row under a savepoint for a batch the target refuses.
 */
final class DecodeWriter {

    // Rows per text COPY when rows cannot stream in one (lookups, refusals), and per staged batch of a reconciliation.
    static final int BATCH = 5_000;

    private final ChunkMapping mapping;
    private final ChunkStatements sql;

    DecodeWriter(ChunkMapping mapping) {
        this.mapping = mapping;
        this.sql = new ChunkStatements(mapping);
    }

    ChunkWrite write(SourceRows rows, Connection target, LoadPath path) throws SQLException {
        RowMapper mapper = new RowMapper(mapping, target);
        if (!mapping.hasLookups()) {
            List<String> columns = mapping.writtenColumns();
            BinaryCopyWriter binary = BinaryCopyWriter.forColumns(
                    columns.stream().map(c -> mapping.pinned().target().column(c).type()).toList(),
                    columns.stream().map(c -> mapping.tenant().isTenantColumn(c) ? Type.STRING : mapping.expressions().get(c).type())
                            .toList());
            for (CopyWriter writer : binary != null ? List.of(binary, new TextCopyWriter()) : List.<CopyWriter>of(new TextCopyWriter())) {
                Savepoint savepoint = target.setSavepoint();
                try {
                    ChunkWrite streamed = streaming(rows, mapper, target, path, writer);
                    target.releaseSavepoint(savepoint);
                    return streamed;
                } catch (BinaryCopyWriter.Unencodable e) {
                    target.rollback(savepoint);
                } catch (SQLException e) {
                    if (!TargetRefusal.isDataError(e)) {
                        throw e;
                    }
                    target.rollback(savepoint);
                    break;
                }
            }
        }
        return inBatches(rows, mapper, target, path);
    }

    /** Rows mapped in Java and written in batches, whatever the mapping (for the few rows a sifted pipe held back). */
    ChunkWrite writeRows(SourceRows rows, Connection target, LoadPath path) throws SQLException {
        return inBatches(rows, new RowMapper(mapping, target), target, path);
    }

    private ChunkWrite streaming(SourceRows rows, RowMapper mapper, Connection target, LoadPath path, CopyWriter out)
            throws SQLException {
        Rejects rejects = new Rejects();
        CopyIn in = TargetCopy.open(target, sql.copyIn(mapping.targetTable(), out.options()));
        try {
            out.header();
            long readCount = rows.read(row -> {
                Object[] mapped = mapper.map(row, rejects);
                if (mapped == null) {
                    return;
                }
                out.row(mapped);
                if (out.size() >= BinaryPipe.BUFFER / 2) {
                    in.writeToCopy(out.bytes(), 0, out.size());
                    out.clear();
                }
            });
            out.trailer();
            in.writeToCopy(out.bytes(), 0, out.size());
            long written = in.endCopy();
            return new ChunkWrite(readCount, written, rejects, path);
        } catch (SQLException | RuntimeException e) {
            rejects.close();
            TargetCopy.cancel(in);
            throw e;
        } finally {
            out.clear();
        }
    }

    private ChunkWrite inBatches(SourceRows rows, RowMapper mapper, Connection target, LoadPath path) throws SQLException {
        Rejects rejects = new Rejects();
        List<Object[]> batch = new ArrayList<>(BATCH);
        List<Map<String, Object>> batchSource = new ArrayList<>(BATCH);
        long[] written = {0};
        try {
            long readCount = rows.read(row -> {
                Object[] mapped = mapper.map(row, rejects);
                if (mapped == null) {
                    return;
                }
                batch.add(mapped);
                batchSource.add(row);
                if (batch.size() >= BATCH) {
                    written[0] += flush(target, batch, batchSource, rejects);
                }
            });
            written[0] += flush(target, batch, batchSource, rejects);
            return new ChunkWrite(readCount, written[0], rejects, path);
        } catch (SQLException | RuntimeException e) {
            rejects.close();
            throw e;
        }
    }

    private long flush(Connection target, List<Object[]> batch, List<Map<String, Object>> sources, Rejects rejects)
            throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        long n;
        Savepoint savepoint = target.setSavepoint();
        try {
            n = TargetCopy.text(sql, target, mapping.targetTable(), batch);
            target.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!TargetRefusal.isDataError(e)) {
                throw e;
            }
            target.rollback(savepoint);
            n = rowByRow(target, batch, sources, rejects);
        }
        batch.clear();
        sources.clear();
        return n;
    }

    /** One insert per row under a savepoint: the target's refusals become rejects, with the conflict policy applied. */
    private long rowByRow(Connection target, List<Object[]> batch, List<Map<String, Object>> sources, Rejects rejects)
            throws SQLException {
        RowInsert insert = sql.rowInsert();
        long n = 0;
        try (PreparedStatement st = insert.prepare(target)) {
            for (int r = 0; r < batch.size(); r++) {
                RowInsert.Outcome outcome = insert.write(target, st, batch.get(r));
                if (outcome.refused() != null) {
                    rejects.add(mapping.refused(sources.get(r), outcome.refused()));
                } else if (outcome.written()) {
                    n++;
                }
            }
        }
        return n;
    }
}
