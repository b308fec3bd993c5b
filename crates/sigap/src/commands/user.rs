//! `sigap user add|list|password|disable|enable|token`: accounts from a terminal, with the
//! same checks as `/api/v1/users` (they call the same functions).

use std::io::BufRead;

use anyhow::{Context, Result, anyhow, bail};
use sigap_server::{
    api::v1::users::{NewUserRequest, add_user, issue_token},
    auth::password,
    error::ApiError,
    secret,
};
use sigap_store::{Store, StoreError, accounts::User};

use crate::{
    cli::{DbJson, UserAddArgs, UserNameArgs, UserPasswordArgs, UserTokenArgs},
    config::Database,
    output::print_json,
};

/// An API error as a terminal message: each field's problem on its own line.
fn explain(e: ApiError) -> anyhow::Error {
    match e {
        ApiError::Validation(errors) => anyhow!(
            "{}",
            errors
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => anyhow!("{other:?}"),
    }
}

/// The password from stdin's first line, or a generated one (and whether it was generated).
fn password_from(stdin: bool) -> Result<(String, bool)> {
    if stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        let p = line.trim_end_matches(['\r', '\n']).to_owned();
        sigap_core::access::check_password(&p).map_err(|e| anyhow!("{}", e.message))?;
        Ok((p, false))
    } else {
        Ok((secret::generate()[..24].to_owned(), true))
    }
}

async fn find(store: &Store, username: &str) -> Result<User> {
    match store.user_by_name(&username.trim().to_lowercase()).await {
        Ok(u) => Ok(u),
        Err(StoreError::NotFound) => bail!("no user {username:?} (sigap user list)"),
        Err(e) => Err(e.into()),
    }
}

pub async fn add(args: UserAddArgs) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let (password, generated) = password_from(args.password_stdin)?;
    let request = NewUserRequest {
        username: args.username.clone(),
        display_name: args.name.clone(),
        role: args.role.clone(),
        sentra: args.sentra.clone(),
        password: password.clone(),
    };
    let user = add_user(&store, &request, "cli", chrono::Utc::now())
        .await
        .map_err(explain)?;
    store.close().await;
    println!(
        "Pengguna {} ditambahkan: {}{}.",
        user.username,
        user.role.label(),
        if user.sentra.is_empty() {
            String::new()
        } else {
            format!(" ({})", user.sentra.join(", "))
        }
    );
    if generated {
        println!("Kata sandi (tampil sekali ini saja): {password}");
    }
    Ok(())
}

pub async fn list(args: DbJson) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let users = store.users().await?;
    store.close().await;
    if args.json {
        let views: Vec<sigap_server::api::v1::users::UserView> =
            users.into_iter().map(Into::into).collect();
        return print_json(&views);
    }
    if users.is_empty() {
        println!("Belum ada pengguna (sigap user add …, atau jalankan sigap serve sekali).");
    }
    for u in &users {
        println!(
            "{:<24} {:<11} {:<6} {:<30} terakhir masuk: {}",
            u.username,
            u.role.as_str(),
            if u.active { "aktif" } else { "nonaktif" },
            u.sentra.join(","),
            u.last_login_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| "belum pernah".into())
        );
    }
    Ok(())
}

pub async fn set_password(args: UserPasswordArgs) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let user = find(&store, &args.username).await?;
    let (password, generated) = password_from(args.password_stdin)?;
    let hash = password::hash(password.clone())
        .await
        .map_err(|e| anyhow!(e))?;
    store.set_password(user.id, &hash).await?;
    store.close().await;
    println!(
        "Kata sandi {} diganti; sesi yang terbuka sudah ditutup.",
        user.username
    );
    if generated {
        println!("Kata sandi baru (tampil sekali ini saja): {password}");
    }
    Ok(())
}

pub async fn set_active(args: UserNameArgs, active: bool) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let user = find(&store, &args.username).await?;
    store
        .update_user(user.id, &user.display_name, user.role, &user.sentra, active)
        .await?;
    store.close().await;
    if active {
        println!("{} bisa masuk lagi.", user.username);
    } else {
        println!(
            "{} dinonaktifkan: sesinya ditutup dan token API-nya tidak berlaku.",
            user.username
        );
    }
    Ok(())
}

pub async fn token(args: UserTokenArgs) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let user = find(&store, &args.username).await?;
    let (record, token) = issue_token(&store, user.id, &args.name, chrono::Utc::now())
        .await
        .map_err(explain)?;
    store.close().await;
    if args.quiet {
        println!("{token}");
    } else {
        println!(
            "Token API #{} \"{}\" untuk {} ({}). Simpan sekarang: token ini tidak bisa ditampilkan lagi.\n{token}",
            record.id,
            record.name,
            user.username,
            user.role.as_str()
        );
    }
    Ok(())
}
