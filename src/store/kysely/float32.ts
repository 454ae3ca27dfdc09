/** Float32 vectors as stored in blob/bytea columns: little-endian, 4 bytes a value. */
export const float32ToBytes = (v: Float32Array): Buffer => {
  const b = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) b.writeFloatLE(v[i] as number, i * 4);
  return b;
};

/** The vector a blob holds (a trailing partial value is dropped). */
export const float32FromBytes = (b: Uint8Array): Float32Array => {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float32Array(Math.floor(buf.byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
};
