// Writes the Parquet fixtures of ForeignParquetSparkTest with parquetjs, a Parquet implementation
// independent of Spark and parquet-mr. Regenerate (needs the npm registry):
//   cd /tmp && npm install @dsnp/parquetjs && NODE_PATH=/tmp/node_modules node <repo>/pipeline/src/test/resources/foreign-parquet/make-fixtures.js <out dir>
// The images: 12 of 28x28x1, id 5000 + i, label i % 10, pixel k of image i = (37 i + 11 k + (k k) % 17) mod 256
// (ForeignParquetSparkTest recomputes them).
const { ParquetSchema, ParquetWriter } = require('@dsnp/parquetjs');
const path = require('path');

const out = process.argv[2] || '.';
const N = 12, SIDE = 28;

function pixels(i) {
  const b = Buffer.alloc(SIDE * SIDE);
  for (let k = 0; k < b.length; k++) b[k] = (37 * i + 11 * k + ((k * k) % 17)) % 256;
  return b;
}

async function write(name, fields, row) {
  const w = await ParquetWriter.openFile(new ParquetSchema(fields), path.join(out, name));
  for (let i = 0; i < N; i++) await w.appendRow(row(i));
  await w.close();
}

(async () => {
  const sizes = {
    height: { type: 'INT32', optional: true },
    width: { type: 'INT32', optional: true },
    channels: { type: 'INT32', optional: true },
  };
  const base = (i) => ({ id: BigInt(5000 + i), label: i % 10, height: SIDE, width: SIDE, channels: 1 });
  await write('images.parquet',
    { id: { type: 'INT64', optional: true }, label: { type: 'INT32', optional: true }, ...sizes,
      pixels: { type: 'BYTE_ARRAY', optional: true } },
    (i) => ({ ...base(i), pixels: pixels(i) }));
  await write('images-int64-label.parquet',
    { id: { type: 'INT64', optional: true }, label: { type: 'INT64', optional: true }, ...sizes,
      pixels: { type: 'BYTE_ARRAY', optional: true } },
    (i) => ({ ...base(i), label: BigInt(i % 10), pixels: pixels(i) }));
  await write('images-no-pixels.parquet',
    { id: { type: 'INT64', optional: true }, label: { type: 'INT32', optional: true }, ...sizes },
    (i) => base(i));
})();
