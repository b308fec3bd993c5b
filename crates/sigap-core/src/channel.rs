//! The channels a complaint arrives through.

crate::slug_enum! {
    /// Where a complaint came from. `operator` is a 171 call typed in by an operator.
    Channel, field = "channel", code = "unknown_channel", what = ("Kanal", "channel") {
        Web = "web", "Formulir web", "Web form";
        Operator = "operator", "Call center 171", "171 call center";
        Whatsapp = "whatsapp", "WhatsApp", "WhatsApp";
        Sms = "sms", "SMS", "SMS";
        Email = "email", "E-mail", "E-mail";
        Api = "api", "Aplikasi mitra (API)", "Partner application (API)";
        /// Found by the media scanner and accepted from the triage queue.
        Media = "media", "Pemantauan media", "Media monitoring";
    }
}
