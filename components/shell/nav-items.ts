import type { IconName } from "@/components/ui/icons";

export type NavItem = { href: string; label: string; icon: IconName };

export const navItems: NavItem[] = [
  { href: "/overview", label: "Overview", icon: "overview" },
  { href: "/expiring", label: "Expiring", icon: "calendar" },
  { href: "/connections", label: "Connections", icon: "connections" },
  { href: "/credentials", label: "Credentials", icon: "credentials" },
  { href: "/rotation", label: "Rotation", icon: "rotate" },
  { href: "/scopes", label: "Scopes", icon: "scopes" },
  { href: "/errors", label: "Errors", icon: "errors" },
  { href: "/alerts", label: "Alerts", icon: "bell" },
  { href: "/webhooks", label: "Webhooks", icon: "inbox" },
  { href: "/checklist", label: "Checklist", icon: "checklist" },
  { href: "/settings", label: "Settings", icon: "settings" },
  { href: "/audit", label: "Audit", icon: "clock" },
  { href: "/status", label: "Status", icon: "status" },
];
