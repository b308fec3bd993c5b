//! Accounts: users and their roles, the Sentra of a `sentra` user, browser sessions, API tokens
//! and the audit log. Secrets (session cookies, API tokens) are kept only as SHA-256 hashes and
//! passwords only as argon2id strings made by the caller: the store never sees a secret.

use chrono::{DateTime, SubsecRound, Utc};
use sigap_core::access::{Principal, Role};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

/// A user as an administrator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub sentra: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// What signing in needs to know about a username.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
    pub active: bool,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub sentra: &'a [String],
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub username: String,
    pub action: String,
    pub case_id: Option<Uuid>,
    pub detail: Option<String>,
}

/// An API token's record (never the token itself).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    active: bool,
    created_at: DateTime<Utc>,
    last_login_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct TokenRow {
    id: i64,
    user_id: i64,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    username: String,
    action: String,
    case_id: Option<Uuid>,
    detail: Option<String>,
}

fn role_of(s: &str) -> Result<Role, StoreError> {
    Role::parse(s).map_err(|_| StoreError::corrupt(format!("unknown role {s:?}")))
}

const USER_COLUMNS: &str = "id, username, display_name, role, active, created_at, last_login_at";

impl Store {
    /// Adds a user; a taken username is a [`StoreError::Conflict`].
    pub async fn create_user(
        &self,
        new: &NewUser<'_>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let at = at.trunc_subsecs(6);
        let id: i64 = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO users (username, display_name, role, password_hash, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(new.username)
            .bind(new.display_name)
            .bind(new.role.as_str())
            .bind(new.password_hash)
            .bind(at)
            .bind(by)
            .fetch_one(&mut *tx)
            .await?;
            for s in new.sentra {
                sqlx::query("INSERT INTO user_sentra (user_id, sentra_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(s)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            id
        });
        self.user(id).await
    }

    pub async fn user(&self, id: i64) -> Result<User, StoreError> {
        let row: UserRow = on_pool!(self, read, |pool| {
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?
        });
        let sentra = self.sentra_of_user(id).await?;
        user_from(row, sentra)
    }

    pub async fn user_by_name(&self, username: &str) -> Result<User, StoreError> {
        let (id,): (i64,) = on_pool!(self, read, |pool| {
            sqlx::query_as("SELECT id FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?
        });
        self.user(id).await
    }

    /// Every user, by username.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(&format!(
                "SELECT {USER_COLUMNS} FROM users ORDER BY username"
            ))
            .fetch_all(pool)
            .await?
        });
        let links: Vec<(i64, String)> = on_pool!(self, read, |pool| {
            sqlx::query_as("SELECT user_id, sentra_id FROM user_sentra ORDER BY sentra_id")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|r| {
                let sentra = links
                    .iter()
                    .filter(|(u, _)| *u == r.id)
                    .map(|(_, s)| s.clone())
                    .collect();
                user_from(r, sentra)
            })
            .collect()
    }

    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM users")
                .fetch_one(pool)
                .await?
                .0
        }))
    }

    async fn sentra_of_user(&self, id: i64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT sentra_id FROM user_sentra WHERE user_id = $1 ORDER BY sentra_id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// Changes a user's role, Sentra, name or whether it may sign in. Disabling a user or
    /// changing its role ends its sessions.
    pub async fn update_user(
        &self,
        id: i64,
        display_name: &str,
        role: Role,
        sentra: &[String],
        active: bool,
    ) -> Result<User, StoreError> {
        let before = self.user(id).await?;
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET display_name = $1, role = $2, active = $3 WHERE id = $4")
                .bind(display_name)
                .bind(role.as_str())
                .bind(active)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM user_sentra WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for s in sentra {
                sqlx::query("INSERT INTO user_sentra (user_id, sentra_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(s)
                    .execute(&mut *tx)
                    .await?;
            }
            if !active || role != before.role || sentra != before.sentra.as_slice() {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        self.user(id).await
    }

    /// Sets a new password and ends every session of the user.
    pub async fn set_password(&self, id: i64, password_hash: &str) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL \
                 WHERE id = $2",
            )
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn credentials(&self, username: &str) -> Result<Credentials, StoreError> {
        let row: (i64, String, bool, i32, Option<DateTime<Utc>>) = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, password_hash, active, failed_logins, locked_until FROM users \
                 WHERE username = $1",
            )
            .bind(username)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?
        });
        Ok(Credentials {
            user_id: row.0,
            password_hash: row.1,
            active: row.2,
            failed_logins: row.3,
            locked_until: row.4,
        })
    }

    /// Counts a failed sign-in; from the `lock_after`-th failure on, each one locks the account
    /// until `locked_until`. Returns the failures so far.
    pub async fn record_login_failure(
        &self,
        user_id: i64,
        lock_after: i32,
        locked_until: DateTime<Utc>,
    ) -> Result<i32, StoreError> {
        let locked_until = locked_until.trunc_subsecs(6);
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_as::<_, (i32,)>(
                "UPDATE users SET failed_logins = failed_logins + 1, \
                 locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END \
                 WHERE id = $3 RETURNING failed_logins",
            )
            .bind(lock_after)
            .bind(locked_until)
            .bind(user_id)
            .fetch_one(pool)
            .await?
            .0
        }))
    }

    pub async fn record_login_success(
        &self,
        user_id: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = at.trunc_subsecs(6);
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 \
                 WHERE id = $2",
            )
            .bind(at)
            .bind(user_id)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (at, expires_at) = (at.trunc_subsecs(6), expires_at.trunc_subsecs(6));
        on_pool!(self, write, |pool| {
            // Expired sessions go when a new one comes: the table stays small without a job.
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(at)
                .execute(pool)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $4, $5)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf_token)
            .bind(at)
            .bind(expires_at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The user behind a live session and the session's form token.
    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(Principal, String), StoreError> {
        let (user_id, csrf): (i64, String) = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT s.user_id, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active",
            )
            .bind(token_hash)
            .bind(now.trunc_subsecs(6))
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?
        });
        Ok((self.principal(user_id).await?, csrf))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<ApiToken, StoreError> {
        let at = at.trunc_subsecs(6);
        let row: TokenRow = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) \
                 RETURNING id, user_id, name, created_at, last_used_at, revoked_at",
            )
            .bind(user_id)
            .bind(name)
            .bind(token_hash)
            .bind(at)
            .fetch_one(pool)
            .await?
        });
        Ok(token_from(row))
    }

    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows: Vec<TokenRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens \
                 WHERE user_id = $1 ORDER BY id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(token_from).collect())
    }

    pub async fn revoke_api_token(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            )
            .bind(at.trunc_subsecs(6))
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The active user behind an unrevoked API token. Marks the token used at most once a
    /// minute, so a busy integration does not write on every request.
    pub async fn principal_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Principal, StoreError> {
        let (id, user_id, last_used): (i64, i64, Option<DateTime<Utc>>) =
            on_pool!(self, read, |pool| {
                sqlx::query_as(
                    "SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t \
                     JOIN users u ON u.id = t.user_id \
                     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active",
                )
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?
            });
        if last_used.is_none_or(|t| now - t > chrono::Duration::minutes(1)) {
            on_pool!(self, write, |pool| {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                    .bind(now.trunc_subsecs(6))
                    .bind(id)
                    .execute(pool)
                    .await?;
            });
        }
        self.principal(user_id).await
    }

    async fn principal(&self, user_id: i64) -> Result<Principal, StoreError> {
        let user = self.user(user_id).await?;
        Ok(Principal {
            user_id: user.id,
            username: user.username,
            role: user.role,
            sentra: user.sentra,
        })
    }

    /// Writes one line of the audit log.
    pub async fn audit(
        &self,
        who: &Principal,
        action: &str,
        case_id: Option<Uuid>,
        detail: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO audit_log (at, user_id, username, action, case_id, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(at.trunc_subsecs(6))
            .bind(who.user_id)
            .bind(&who.username)
            .bind(action)
            .bind(case_id)
            .bind(detail)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The newest lines of the audit log, of one case or of all, newest first.
    pub async fn audit_log(
        &self,
        case_id: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, at, username, action, case_id, detail FROM audit_log \
                 WHERE ($1 IS NULL OR case_id = $1) ORDER BY id DESC LIMIT $2",
            )
            .bind(case_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                username: r.username,
                action: r.action,
                case_id: r.case_id,
                detail: r.detail,
            })
            .collect())
    }
}

fn user_from(r: UserRow, sentra: Vec<String>) -> Result<User, StoreError> {
    Ok(User {
        id: r.id,
        role: role_of(&r.role)?,
        username: r.username,
        display_name: r.display_name,
        sentra,
        active: r.active,
        created_at: r.created_at,
        last_login_at: r.last_login_at,
    })
}

fn token_from(r: TokenRow) -> ApiToken {
    ApiToken {
        id: r.id,
        user_id: r.user_id,
        name: r.name,
        created_at: r.created_at,
        last_used_at: r.last_used_at,
        revoked_at: r.revoked_at,
    }
}

/// Someone who has a case open.
#[derive(Debug, Clone, PartialEq)]
pub struct Presence {
    pub username: String,
    pub role: String,
    pub seen_at: DateTime<Utc>,
}

impl Store {
    /// Marks `who` as looking at a case now.
    pub async fn touch_presence(
        &self,
        case_id: Uuid,
        who: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO case_presence (case_id, user_id, username, role, seen_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (case_id, user_id) DO UPDATE SET seen_at = excluded.seen_at",
            )
            .bind(case_id)
            .bind(who.user_id)
            .bind(&who.username)
            .bind(who.role.as_str())
            .bind(at.trunc_subsecs(6))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Who else has looked at a case since `since`, most recent first.
    pub async fn presence(
        &self,
        case_id: Uuid,
        except_user: i64,
        since: DateTime<Utc>,
    ) -> Result<Vec<Presence>, StoreError> {
        let rows: Vec<(String, String, DateTime<Utc>)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT username, role, seen_at FROM case_presence \
                 WHERE case_id = $1 AND user_id <> $2 AND seen_at >= $3 ORDER BY seen_at DESC",
            )
            .bind(case_id)
            .bind(except_user)
            .bind(since.trunc_subsecs(6))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(username, role, seen_at)| Presence {
                username,
                role,
                seen_at,
            })
            .collect())
    }
}
