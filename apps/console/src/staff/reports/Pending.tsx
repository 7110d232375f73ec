export default function Pending() {
  return <p>…</p>;
}
