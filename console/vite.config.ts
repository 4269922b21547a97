import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API, the sign-in configuration and the development provider to a gateway (tools/up's by default),
// so the console is same-origin in development as it is when the gateway serves dist/.
const gateway = process.env.CRM_GATEWAY_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/v1": gateway, "/console/config.json": gateway, "/dev/oidc": gateway, "/dev/signin": gateway } },
  build: { outDir: "dist", sourcemap: false },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
