import { StatusPill, type Tone } from "@/components/ui/status-pill";

const labels: Record<string, { tone: Tone; text: string }> = {
  active: { tone: "ok", text: "Active" },
  needs_reauth: { tone: "bad", text: "Needs reconnect" },
  error: { tone: "warn", text: "Error" },
  disconnected: { tone: "neutral", text: "Disconnected" },
};

export function ConnectionStatus({ status }: { status: string }) {
  const label = labels[status] ?? { tone: "neutral" as const, text: status };
  return <StatusPill tone={label.tone}>{label.text}</StatusPill>;
}
