-- The binary pipe that sifts out the rows its mapping cannot convert (they are mapped in Java and quarantined), and
-- the one that translates lookups by a join per chunk.
ALTER TABLE chunk DROP CONSTRAINT chunk_path_known;
ALTER TABLE chunk ADD CONSTRAINT chunk_path_known CHECK (path IS NULL OR path IN ('COPY_BINARY', 'COPY_BINARY_SIFTED',
  'COPY_BINARY_JOINED', 'COPY_BINARY_MERGE', 'DECODE', 'REPLAY'));
