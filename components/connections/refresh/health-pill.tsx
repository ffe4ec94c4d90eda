import { StatusPill } from "@/components/ui/status-pill";
import { healthLabels } from "@/lib/auth-event-labels";

export function HealthPill({ health }: { health: string }) {
  const label = healthLabels[health] ?? { tone: "neutral" as const, text: health };
  return <StatusPill tone={label.tone}>{label.text}</StatusPill>;
}
