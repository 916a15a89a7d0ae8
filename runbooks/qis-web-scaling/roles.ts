/**
 * What each QIS server does, as QIS's deploy/aws/configure.sh enables it:
 * the database and image server runs Postgres; a web server runs Apache
 * (QIS's application) and Memcached. The script is the product's; the
 * services are what the runbook checks it left running.
 */
export const CONFIGURE_SCRIPT = '/opt/qis/deploy/aws/configure.sh';

export const ROLES = {
  db: { services: ['postgresql'] },
  web: { services: ['httpd', 'memcached'] },
} as const;

export type Role = keyof typeof ROLES;

export const servicesOf = (role: Role): string => ROLES[role].services.join(' ');
