export default function HomePage() {
  return (
    <main style={{ padding: 32 }}>
      <h1>Stormflow</h1>
      <p>Event storming on a canvas, then prove the design.</p>
    </main>
  );
}
